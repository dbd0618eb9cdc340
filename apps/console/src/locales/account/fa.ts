import type { AccountMessages } from './en.js';

export const accountFa: AccountMessages = {
  roles: {
    agent: 'کارشناس',
    supervisor: 'سرپرست',
    qa: 'ارزیاب کیفیت',
    admin: 'مدیر سامانه',
    integration: 'یکپارچه‌سازی',
  },
  channels: { voice: 'تلفن', chat: 'گفتگو', email: 'ایمیل', web: 'وب' },
  password: {
    toggle: 'نمایش یا پنهان کردن گذرواژه',
    current: 'گذرواژهٔ فعلی',
    given: 'گذرواژه‌ای که به شما داده شد',
    new: 'گذرواژهٔ تازه',
    repeat: 'تکرار گذرواژهٔ تازه',
    hint: 'دست‌کم ۱۰ نویسه. چند واژهٔ بی‌ربط یا یک عبارت بلندتر گزینهٔ خوبی است.',
    mismatch: 'دو گذرواژهٔ تازه یکسان نیستند.',
    change: 'تغییر گذرواژه',
    changed: 'گذرواژهٔ شما تغییر کرد. نشست‌های دیگرتان بسته شد؛ این نشست باز می‌ماند.',
    forcedTitle: 'گذرواژهٔ خودتان را انتخاب کنید',
    forcedIntro:
      '{{name}}، خوش آمدید. گذرواژه‌ای که با آن وارد شدید را مدیر سامانه تعیین کرده است: برای ادامه، گذرواژهٔ خودتان را انتخاب کنید.',
    forcedSubmit: 'ذخیره و ادامه',
  },
  account: {
    title: 'حساب شما',
    name: 'نام',
    email: 'ایمیل',
    role: 'نقش',
    passwordTitle: 'تغییر گذرواژه',
  },
};
