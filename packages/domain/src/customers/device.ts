/**
 * A short, readable device name from a User-Agent, e.g. "微信 · iPhone" or "Chrome · Windows".
 * Good enough for a person to recognise their own sessions; never used for security decisions.
 */
export function describeDevice(userAgent: string | null | undefined): string {
  const ua = userAgent ?? '';
  if (!ua.trim()) return '未知设备';
  const os = /iPhone/.test(ua)
    ? 'iPhone'
    : /iPad/.test(ua)
      ? 'iPad'
      : /HarmonyOS|OpenHarmony/.test(ua)
        ? '鸿蒙'
        : /Android/.test(ua)
          ? 'Android'
          : /Windows/.test(ua)
            ? 'Windows'
            : /Mac OS X|Macintosh/.test(ua)
              ? 'macOS'
              : /CrOS/.test(ua)
                ? 'ChromeOS'
                : /Linux/.test(ua)
                  ? 'Linux'
                  : null;
  const browser = /MicroMessenger/.test(ua)
    ? '微信'
    : /\bQQ\//.test(ua)
      ? 'QQ'
      : /MQQBrowser|QQBrowser/.test(ua)
        ? 'QQ 浏览器'
        : /UCBrowser|UCWEB/.test(ua)
          ? 'UC 浏览器'
          : /AlipayClient/.test(ua)
            ? '支付宝'
            : /EdgA?\//.test(ua)
              ? 'Edge'
              : /OPR\//.test(ua)
                ? 'Opera'
                : /Firefox\//.test(ua)
                  ? 'Firefox'
                  : /Chrome\//.test(ua)
                    ? 'Chrome'
                    : /Safari\//.test(ua)
                      ? 'Safari'
                      : null;
  if (browser && os) return `${browser} · ${os}`;
  return browser ?? os ?? ua.slice(0, 40);
}
