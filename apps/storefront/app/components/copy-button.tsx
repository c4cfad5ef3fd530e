import { useEffect, useState } from 'react';
import { cx, useT } from '@cardshop/ui';

/**
 * Copies text to the clipboard. Falls back to a hidden textarea where the Clipboard API is missing
 * (plain-http shop domains, some in-app browsers such as older WeChat).
 */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the textarea
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  area.setSelectionRange(0, text.length);
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  document.body.removeChild(area);
  return ok;
}

export function CopyButton({
  text,
  label,
  className,
}: {
  text: string;
  label?: string;
  className?: string;
}) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      onClick={async () => setState((await copyText(text)) ? 'copied' : 'failed')}
      className={cx(
        'shrink-0 rounded-lg px-2.5 py-1 text-xs font-medium ring-1 transition',
        state === 'copied'
          ? 'bg-emerald-50 text-emerald-700 ring-emerald-200'
          : 'text-brand ring-brand/40 hover:bg-brand/5 bg-white',
        className,
      )}
      aria-live="polite"
    >
      {state === 'copied'
        ? t('orderPage.copied')
        : state === 'failed'
          ? t('orderPage.copyFailed')
          : (label ?? t('orderPage.copy'))}
    </button>
  );
}
