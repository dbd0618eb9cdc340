/*
 * Switchboard web chat launcher. On your page:
 *   <script src="https://support.example.com/widget.js" data-queue="complaints" async></script>
 * A button in the corner opens the chat (/chat?queue=…) in a frame served by Switchboard itself;
 * the queue must list your site's origin in its chatOrigins. Optional: data-lang="tr", data-label.
 */
(function () {
  var script = document.currentScript;
  if (!script || window.__switchboardChat) return;
  window.__switchboardChat = true;
  var base = new URL(script.src, location.href).origin;
  var queue = script.getAttribute('data-queue') || '';
  var lang = script.getAttribute('data-lang') || document.documentElement.lang || '';
  var src = base + '/chat?queue=' + encodeURIComponent(queue) + (lang ? '&lang=' + encodeURIComponent(lang) : '');
  var open = false;
  var frame = null;
  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = script.getAttribute('data-label') || 'Chat';
  button.setAttribute('aria-expanded', 'false');
  button.style.cssText =
    'position:fixed;inset-block-end:1rem;inset-inline-end:1rem;z-index:2147483000;padding:.75rem 1.25rem;' +
    'border:0;border-radius:2rem;background:#1c5fb8;color:#fff;font:600 1rem system-ui,sans-serif;cursor:pointer;' +
    'box-shadow:0 2px 8px rgba(0,0,0,.25)';
  button.addEventListener('click', function () {
    open = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open && !frame) {
      frame = document.createElement('iframe');
      frame.src = src;
      frame.title = button.textContent;
      frame.style.cssText =
        'position:fixed;inset-block-end:4.5rem;inset-inline-end:1rem;z-index:2147483000;width:min(24rem,calc(100vw - 2rem));' +
        'height:min(36rem,calc(100vh - 6rem));border:1px solid #c9ccd1;border-radius:.75rem;background:#fff;' +
        'box-shadow:0 4px 16px rgba(0,0,0,.2)';
      document.body.appendChild(frame);
    } else if (frame) {
      frame.style.display = open ? 'block' : 'none';
    }
  });
  document.body.appendChild(button);
})();
