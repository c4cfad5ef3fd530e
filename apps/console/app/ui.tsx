import type {
  AnchorHTMLAttributes,
  ButtonHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { Alert, cx, useT, type MessageKey } from '@cardshop/ui';
import { formatFen } from './money';

// Form controls and panels for the console's catalog screens, in the look of @cardshop/ui's Field.

const control =
  'focus:border-brand focus:ring-brand block w-full rounded-lg border bg-white px-3 text-sm shadow-sm outline-none focus:ring-1';

export function Panel({
  title,
  actions,
  children,
  className,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section
      className={cx('rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5', className)}
    >
      {title || actions ? (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          {title ? <h2 className="text-base font-semibold">{title}</h2> : <span />}
          {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

function FieldShell({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  hint,
  error,
  prefix,
  ...input
}: React.InputHTMLAttributes<HTMLInputElement> & {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  error?: string | undefined;
  prefix?: string;
}) {
  const id = input.id ?? input.name;
  const field = (
    <input
      id={id}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
      className={cx(
        control,
        'h-10',
        prefix ? 'pl-7' : '',
        error ? 'border-red-500' : 'border-slate-300',
      )}
      {...input}
    />
  );
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      {prefix ? (
        <div className="relative">
          <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-slate-500">
            {prefix}
          </span>
          {field}
        </div>
      ) : (
        field
      )}
    </FieldShell>
  );
}

export function SelectField({
  label,
  hint,
  error,
  options,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  error?: string | undefined;
  options: Array<{ value: string; label: string; disabled?: boolean }>;
}) {
  const id = select.id ?? select.name;
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={cx(control, 'h-10', error ? 'border-red-500' : 'border-slate-300')}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  className,
  ...area
}: TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  const id = area.id ?? area.name;
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={cx(control, 'py-2', error ? 'border-red-500' : 'border-slate-300', className)}
        {...area}
      />
    </FieldShell>
  );
}

export function CheckboxField({
  label,
  hint,
  error,
  ...input
}: React.InputHTMLAttributes<HTMLInputElement> & {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  const id = input.id ?? input.name;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="flex items-start gap-2 text-sm text-slate-700">
        <input
          id={id}
          type="checkbox"
          className="accent-brand mt-0.5 h-4 w-4 shrink-0"
          aria-invalid={error ? true : undefined}
          {...input}
        />
        <span>
          {label}
          {hint ? <span className="block text-xs text-slate-500">{hint}</span> : null}
        </span>
      </label>
      {error ? <p className="text-sm text-red-600">{error}</p> : null}
    </div>
  );
}

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

export function buttonClass(variant: Variant = 'primary', size: 'md' | 'sm' = 'md') {
  return cx(
    'inline-flex items-center justify-center gap-1 rounded-lg font-medium whitespace-nowrap transition focus-visible:ring-2 focus-visible:ring-offset-2 focus-visible:outline-none disabled:opacity-50',
    size === 'md' ? 'h-10 px-4 text-sm' : 'h-8 px-3 text-xs',
    variant === 'primary' && 'bg-brand text-white shadow-sm hover:opacity-90',
    variant === 'secondary' &&
      'bg-white text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50',
    variant === 'danger' && 'bg-red-600 text-white shadow-sm hover:bg-red-700',
    variant === 'ghost' && 'text-brand hover:underline',
  );
}

export function Btn({
  variant = 'primary',
  size = 'md',
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'md' | 'sm' }) {
  return <button className={cx(buttonClass(variant, size), className)} {...props} />;
}

export function LinkBtn({
  to,
  variant = 'secondary',
  size = 'md',
  className,
  children,
  ...rest
}: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & {
  to: string;
  variant?: Variant;
  size?: 'md' | 'sm';
}) {
  return (
    <Link to={to} className={cx(buttonClass(variant, size), className)} {...rest}>
      {children}
    </Link>
  );
}

type Tone = 'green' | 'amber' | 'red' | 'slate' | 'blue';

const tones: Record<Tone, string> = {
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  red: 'bg-red-50 text-red-700 ring-red-600/20',
  slate: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  blue: 'bg-sky-50 text-sky-700 ring-sky-600/20',
};

export function Badge({ tone = 'slate', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <span
      className={cx(
        'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[tone],
      )}
    >
      {children}
    </span>
  );
}

export function Stat({
  label,
  value,
  to,
  tone,
  hint,
}: {
  label: string;
  value: ReactNode;
  to?: string;
  tone?: 'warn';
  hint?: ReactNode;
}) {
  const body = (
    <>
      <p className="text-sm text-slate-500">{label}</p>
      <p
        className={cx(
          'mt-1 text-2xl font-semibold tabular-nums',
          tone === 'warn' ? 'text-amber-600' : 'text-slate-900',
        )}
      >
        {value}
      </p>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </>
  );
  const className = 'block rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200';
  return to ? (
    <Link to={to} className={cx(className, 'hover:ring-brand transition')}>
      {body}
    </Link>
  ) : (
    <div className={className}>{body}</div>
  );
}

export function Money({ fen, className }: { fen: number | null | undefined; className?: string }) {
  return <span className={cx('tabular-nums', className)}>{formatFen(fen)}</span>;
}

/** The action's form-level message: an error, or a confirmation after a change. */
export function FormMessage({ error, notice }: { error?: string | undefined; notice?: string }) {
  if (error) return <Alert>{error}</Alert>;
  if (notice)
    return (
      <div
        role="status"
        className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800"
      >
        {notice}
      </div>
    );
  return null;
}

export function ReadOnlyNote() {
  const t = useT();
  return <Alert tone="info">{t('console.readOnly')}</Alert>;
}

/** Previous / next links that keep the page's other query parameters. */
export function Pager({
  page,
  pageCount,
  search,
}: {
  page: number;
  pageCount: number;
  search: URLSearchParams;
}) {
  const t = useT();
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const next = new URLSearchParams(search);
    next.set('page', String(p));
    return `?${next.toString()}`;
  };
  return (
    <nav className="mt-4 flex items-center justify-between text-sm" aria-label="pagination">
      {page > 1 ? (
        <Link to={href(page - 1)} className={buttonClass('secondary', 'sm')}>
          {t('console.pager.prev')}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-500">{t('console.pager.of', { page, pageCount })}</span>
      {page < pageCount ? (
        <Link to={href(page + 1)} className={buttonClass('secondary', 'sm')}>
          {t('console.pager.next')}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-xl bg-white p-8 text-center text-slate-500 ring-1 ring-slate-200">
      {children}
    </p>
  );
}

/** A route's ErrorBoundary inside an area: says what was not found, keeps the area's frame. */
export function NotFoundBoundary({ what, back }: { what: MessageKey; back?: string }) {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <div className="rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
        <p className="text-slate-700">{t(what)}</p>
        {back ? (
          <Link to={back} className="text-brand mt-4 inline-block underline">
            {t('console.common.back')}
          </Link>
        ) : null}
      </div>
    );
  }
  throw error;
}

/** Styles for rendered Markdown (product descriptions), without a typography plugin. */
export const MARKDOWN_CLASS =
  'text-sm leading-relaxed [&_a]:text-brand [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-slate-200 [&_blockquote]:pl-3 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_h1]:mt-3 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:mt-3 [&_h2]:font-semibold [&_h3]:mt-2 [&_h3]:font-medium [&_img]:max-w-full [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-2 [&_table]:text-left [&_td]:border [&_td]:px-2 [&_th]:border [&_th]:px-2 [&_ul]:list-disc [&_ul]:pl-5';
