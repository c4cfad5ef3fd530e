import { useEffect, useState } from 'react';
import { cx, useT } from '@cardshop/ui';

/**
 * Copies a value (a phone number, a game id, an address) to the clipboard, for pasting into the
 * recharge or courier system. Falls back to a selected text area where the Clipboard API is off
 * (plain http on a LAN address).
 */
export function CopyButton({
  value,
  label,
  className,
}: {
  value: string;
  /** What is copied, for screen readers ("复制 充值手机号"). */
  label: string;
  className?: string;
}) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      const area = document.createElement('textarea');
      area.value = value;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
  }

  return (
    <button
      type="button"
      onClick={copy}
      aria-label={t('console.copy.label', { what: label })}
      className={cx(
        'inline-flex h-8 shrink-0 items-center rounded-md px-2.5 text-xs font-medium ring-1 transition ring-inset',
        copied
          ? 'bg-emerald-50 text-emerald-700 ring-emerald-600/30'
          : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
        className,
      )}
    >
      <span aria-live="polite">{copied ? t('console.copy.done') : t('console.copy.action')}</span>
    </button>
  );
}
