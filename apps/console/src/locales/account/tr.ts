import type { AccountMessages } from './en.js';

export const accountTr: AccountMessages = {
  roles: {
    agent: 'Temsilci',
    supervisor: 'Süpervizör',
    qa: 'Kalite uzmanı',
    admin: 'Yönetici',
    integration: 'Entegrasyon',
  },
  channels: { voice: 'Sesli', chat: 'Sohbet', email: 'E-posta', web: 'Web' },
  password: {
    toggle: 'Parolayı göster veya gizle',
    current: 'Mevcut parola',
    given: 'Size verilen parola',
    new: 'Yeni parola',
    repeat: 'Yeni parola (tekrar)',
    hint: 'En az 10 karakter. Birbiriyle ilgisiz birkaç sözcük ya da uzun bir cümle iyi olur.',
    mismatch: 'İki yeni parola aynı değil.',
    change: 'Parolayı değiştir',
    changed: 'Parolanız değiştirildi. Diğer oturumlarınız kapatıldı; bu oturum açık kalıyor.',
    forcedTitle: 'Kendi parolanızı seçin',
    forcedIntro:
      'Hoş geldiniz, {{name}}. Oturum açtığınız parolayı bir yönetici belirledi: devam etmek için kendi parolanızı seçin.',
    forcedSubmit: 'Kaydet ve devam et',
  },
  account: {
    title: 'Hesabınız',
    name: 'Ad',
    email: 'E-posta',
    role: 'Rol',
    passwordTitle: 'Parolanızı değiştirin',
  },
};
