/** The chat's words in en, tr and fa: the customer's own language, chosen by ?lang= or the browser. */
const en = {
  surveyTitle: 'How did we do?',
  surveyQuestion: 'How satisfied are you with the help you got?',
  scores: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  surveyComment: 'Anything you want to tell us? (optional)',
  surveySend: 'Send rating',
  surveyThanks: 'Thank you for your rating!',
  surveyAnswered: 'This survey was already answered. Thank you!',
  surveyExpired: 'This survey has expired.',
  surveyCancelled: 'This survey is no longer open: your request was reopened.',
  surveyAbout: 'About: {subject}',
  surveyMissing: 'This survey link is not valid.',
  title: 'Chat with us',
  intro: 'Tell us what happened and an agent will answer here.',
  name: 'Your name',
  email: 'E-mail (optional)',
  phone: 'Phone (optional)',
  firstMessage: 'How can we help?',
  start: 'Start chat',
  starting: 'Starting…',
  position: { one: 'You are number {n} in line', other: 'You are number {n} in line' },
  wait: { one: 'about {n} minute', other: 'about {n} minutes' },
  waitSoon: 'an agent will be with you shortly',
  joined: '{name} joined the chat',
  typing: '{name} is typing…',
  agent: 'Agent',
  you: 'You',
  composer: 'Your message',
  attach: 'Attach a photo or PDF',
  send: 'Send',
  sent: 'Sent',
  read: 'Read',
  leave: 'End chat',
  confirmLeave: 'End this chat? You will leave the queue.',
  ended: 'This chat has ended.',
  resolved: 'The agent closed this chat as resolved. Thank you!',
  abandoned: 'You left the queue.',
  newChat: 'Start a new chat',
  offline: 'Connection lost: reconnecting…',
  transcript: 'Conversation',
  unknownQueue: 'This chat is not available. Check the link you followed.',
  error: 'Something went wrong: {message}',
  tooMany: 'Too many attempts. Try again in a minute.',
};

type Words = typeof en;

const tr: Words = {
  surveyTitle: 'Nasıldık?',
  surveyQuestion: 'Aldığınız yardımdan ne kadar memnunsunuz?',
  scores: ['Hiç memnun değilim', 'Memnun değilim', 'Kararsızım', 'Memnunum', 'Çok memnunum'],
  surveyComment: 'Eklemek istediğiniz bir şey var mı? (isteğe bağlı)',
  surveySend: 'Puanı gönder',
  surveyThanks: 'Değerlendirmeniz için teşekkürler!',
  surveyAnswered: 'Bu anket zaten yanıtlandı. Teşekkürler!',
  surveyExpired: 'Bu anketin süresi doldu.',
  surveyCancelled: 'Bu anket artık açık değil: talebiniz yeniden açıldı.',
  surveyAbout: 'Konu: {subject}',
  surveyMissing: 'Bu anket bağlantısı geçerli değil.',
  title: 'Bize yazın',
  intro: 'Ne olduğunu anlatın, bir temsilci burada yanıtlayacak.',
  name: 'Adınız',
  email: 'E-posta (isteğe bağlı)',
  phone: 'Telefon (isteğe bağlı)',
  firstMessage: 'Size nasıl yardımcı olabiliriz?',
  start: 'Sohbeti başlat',
  starting: 'Başlatılıyor…',
  position: { one: 'Sırada {n}. kişisiniz', other: 'Sırada {n}. kişisiniz' },
  wait: { one: 'yaklaşık {n} dakika', other: 'yaklaşık {n} dakika' },
  waitSoon: 'bir temsilci birazdan sizinle olacak',
  joined: '{name} sohbete katıldı',
  typing: '{name} yazıyor…',
  agent: 'Temsilci',
  you: 'Siz',
  composer: 'Mesajınız',
  attach: 'Fotoğraf veya PDF ekle',
  send: 'Gönder',
  sent: 'Gönderildi',
  read: 'Okundu',
  leave: 'Sohbeti bitir',
  confirmLeave: 'Sohbet bitirilsin mi? Sıradan çıkacaksınız.',
  ended: 'Bu sohbet sona erdi.',
  resolved: 'Temsilci sohbeti çözüldü olarak kapattı. Teşekkürler!',
  abandoned: 'Sıradan çıktınız.',
  newChat: 'Yeni sohbet başlat',
  offline: 'Bağlantı koptu: yeniden bağlanılıyor…',
  transcript: 'Sohbet',
  unknownQueue: 'Bu sohbet kullanılamıyor. Bağlantıyı kontrol edin.',
  error: 'Bir sorun oluştu: {message}',
  tooMany: 'Çok fazla deneme. Bir dakika sonra tekrar deneyin.',
};

const fa: Words = {
  surveyTitle: 'کار ما چطور بود؟',
  surveyQuestion: 'از کمکی که گرفتید چقدر راضی هستید؟',
  scores: ['خیلی ناراضی', 'ناراضی', 'بی‌نظر', 'راضی', 'خیلی راضی'],
  surveyComment: 'چیزی می‌خواهید به ما بگویید؟ (اختیاری)',
  surveySend: 'ارسال امتیاز',
  surveyThanks: 'از امتیاز شما سپاسگزاریم!',
  surveyAnswered: 'به این نظرسنجی پیش‌تر پاسخ داده شده است. سپاس!',
  surveyExpired: 'مهلت این نظرسنجی تمام شده است.',
  surveyCancelled: 'این نظرسنجی دیگر باز نیست: درخواست شما دوباره باز شد.',
  surveyAbout: 'درباره: {subject}',
  surveyMissing: 'این پیوند نظرسنجی معتبر نیست.',
  title: 'گفتگو با ما',
  intro: 'بگویید چه پیش آمده؛ یک کارشناس همین‌جا پاسخ می‌دهد.',
  name: 'نام شما',
  email: 'ایمیل (اختیاری)',
  phone: 'تلفن (اختیاری)',
  firstMessage: 'چطور می‌توانیم کمک کنیم؟',
  start: 'شروع گفتگو',
  starting: 'در حال شروع…',
  position: { one: 'شما نفر {n} در صف هستید', other: 'شما نفر {n} در صف هستید' },
  wait: { one: 'حدود {n} دقیقه', other: 'حدود {n} دقیقه' },
  waitSoon: 'به‌زودی یک کارشناس پاسخ می‌دهد',
  joined: '{name} به گفتگو پیوست',
  typing: '{name} در حال نوشتن است…',
  agent: 'کارشناس',
  you: 'شما',
  composer: 'پیام شما',
  attach: 'پیوست عکس یا PDF',
  send: 'ارسال',
  sent: 'ارسال شد',
  read: 'خوانده شد',
  leave: 'پایان گفتگو',
  confirmLeave: 'گفتگو پایان یابد؟ از صف خارج می‌شوید.',
  ended: 'این گفتگو پایان یافت.',
  resolved: 'کارشناس این گفتگو را حل‌شده بست. سپاس!',
  abandoned: 'از صف خارج شدید.',
  newChat: 'شروع گفتگوی تازه',
  offline: 'اتصال قطع شد: در حال اتصال دوباره…',
  transcript: 'گفتگو',
  unknownQueue: 'این گفتگو در دسترس نیست. پیوند را بررسی کنید.',
  error: 'مشکلی پیش آمد: {message}',
  tooMany: 'تلاش‌های زیاد. یک دقیقه دیگر دوباره امتحان کنید.',
};

const WORDS = { en, tr, fa } as const;
export type Language = keyof typeof WORDS;
type Key = { [K in keyof Words]: Words[K] extends string ? K : never }[keyof Words];
type PluralKey = { [K in keyof Words]: Words[K] extends { one: string } ? K : never }[keyof Words];

/** ?lang= first, then the browser's languages; English otherwise. */
export function pickLanguage(search: URLSearchParams, browser: readonly string[]): Language {
  for (const tag of [search.get('lang') ?? '', ...browser]) {
    const base = tag.toLowerCase().split('-')[0] as Language;
    if (base in WORDS) return base;
  }
  return 'en';
}

export interface Translator {
  language: Language;
  dir: 'ltr' | 'rtl';
  t(key: Key, values?: Record<string, string | number>): string;
  plural(key: PluralKey, n: number): string;
  number(n: number): string;
  /** The five answers of the satisfaction scale, 1 first. */
  scores: readonly string[];
  time(iso: string): string;
}

export function translator(language: Language): Translator {
  const words = WORDS[language];
  const numbers = new Intl.NumberFormat(language);
  const times = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' });
  const rules = new Intl.PluralRules(language);
  const fill = (text: string, values: Record<string, string | number> = {}) =>
    text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values[name];
      return typeof value === 'number' ? numbers.format(value) : (value ?? '');
    });
  return {
    language,
    dir: language === 'fa' ? 'rtl' : 'ltr',
    t: (key, values) => fill(words[key], values),
    plural: (key, n) => {
      const forms = words[key] as Record<string, string>;
      return fill(forms[rules.select(n)] ?? forms.other!, { n });
    },
    number: (n) => numbers.format(n),
    scores: words.scores,
    time: (iso) => times.format(new Date(iso)),
  };
}
