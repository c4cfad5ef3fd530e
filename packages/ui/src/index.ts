export { Alert, Button, Field, StatusBadge, cx } from './components.js';
export {
  DEFAULT_LANG,
  I18nProvider,
  LANGS,
  langCookie,
  pickLang,
  translate,
  useLang,
  useT,
} from './i18n.js';
export type { Lang, MessageKey } from './i18n.js';
export { formatPrice, formatYuan } from './money.js';
export { NonceContext, useNonce } from './nonce.js';
export { SecurityEventList, securityTime } from './security-events.js';
export type { SecurityEventView } from './security-events.js';
export {
  ConfirmedNote,
  EnrolmentQr,
  NoticeList,
  RecoveryCodes,
  useActionText,
} from './security-ui.js';
export type { NoticeView } from './security-ui.js';
