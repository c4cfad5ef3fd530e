/** The longest card number, code or password accepted, in characters. */
export const MAX_CODE_LENGTH = 256;
/** Longer lines are refused before they are split: no real code line comes near it. */
export const MAX_LINE_LENGTH = 1024;

export type ParsedCodeLine =
  { ok: true; code: string; password?: string; expiresOn?: string } | { ok: false; reason: string };

export type NumberedCodeLine = ParsedCodeLine & { line: number };

export interface ParseOptions {
  /** Today as YYYY-MM-DD; codes that expired before it are refused. Defaults to today in China. */
  today?: string;
}

// Separators: "----", comma, tab or whitespace (full-width comma and space too, as Chinese input
// methods type them). Runs of whitespace count as one separator.
const SEPARATOR = /\s*-{4,}\s*|\s*[,，\t]\s*|[\s\u3000]+/;
const DATE_SHAPE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
// C0/C1 control characters (a tab is a separator, so it is allowed), zero-width and bidi marks,
// line/paragraph separators and a BOM inside the line.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2028\u2029\u2060-\u2064\uFEFF]/;
const HAN = /\p{Script=Han}/u;

const chinaDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in China (the platform's business day), YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return chinaDate.format(now);
}

function fail(reason: string): ParsedCodeLine {
  return { ok: false, reason };
}

function unquote(field: string): string {
  return field.length >= 2 && field.startsWith('"') && field.endsWith('"')
    ? field.slice(1, -1).replaceAll('""', '"').trim()
    : field;
}

/** A calendar date as YYYY-MM-DD, or undefined when the day does not exist. */
function calendarDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Parses one line of an import: `code`, or `card-number password` separated by a space, comma,
 * tab or `----`, optionally followed by an expiry date (YYYY-MM-DD or YYYY/MM/DD) as the last
 * field. Returns null for a blank line. A last field shaped like a date is always the expiry.
 */
export function parseCodeLine(raw: string, options: ParseOptions = {}): ParsedCodeLine | null {
  // trim() also drops a BOM, a trailing CR and full-width spaces.
  const line = raw.trim();
  if (line === '') return null;
  if (line.length > MAX_LINE_LENGTH) return fail(`整行超过 ${MAX_LINE_LENGTH} 个字符`);
  if (INVISIBLE.test(line)) return fail('含有控制字符或不可见字符');
  if (line.includes('\uFFFD')) return fail('含有无法识别的字符，请把文件保存为 UTF-8 编码');

  const fields = line.split(SEPARATOR).map(unquote);
  // A trailing separator (an exported CSV's empty last column) is not a field.
  while (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
  if (fields.length > 3) {
    return fail(`字段过多（${fields.length} 个）：每行应为“卡号”或“卡号 密码”，最后可加有效期`);
  }

  let expiresOn: string | undefined;
  const last = fields[fields.length - 1]!;
  const date = fields.length >= 2 ? DATE_SHAPE.exec(last) : null;
  if (date) {
    expiresOn = calendarDate(Number(date[1]), Number(date[3]), Number(date[4]));
    if (!expiresOn) return fail(`有效期“${last}”不是有效日期，应为 YYYY-MM-DD 或 YYYY/MM/DD`);
    const today = options.today ?? todayInChina();
    if (expiresOn < today) return fail(`卡密已于 ${expiresOn} 过期`);
    fields.pop();
  } else if (fields.length === 3) {
    return fail('第 3 个字段应为有效期（YYYY-MM-DD 或 YYYY/MM/DD）');
  }

  const [code = '', password = ''] = fields;
  if (code === '') return fail('缺少卡号（行首是分隔符或字段为空）');
  if (code.length > MAX_CODE_LENGTH) {
    return fail(`卡号过长（${code.length} 个字符，最多 ${MAX_CODE_LENGTH} 个）`);
  }
  if (password.length > MAX_CODE_LENGTH) {
    return fail(`密码过长（${password.length} 个字符，最多 ${MAX_CODE_LENGTH} 个）`);
  }
  if (HAN.test(code)) return fail('卡号不能含有中文（如果这是表头行，请删除它）');

  return {
    ok: true,
    code,
    ...(password === '' ? {} : { password }),
    ...(expiresOn === undefined ? {} : { expiresOn }),
  };
}

/** Parses a stream of lines, skipping blank ones; line numbers are 1-based. */
export async function* parseCodeLines(
  lines: AsyncIterable<string> | Iterable<string>,
  options: ParseOptions = {},
): AsyncGenerator<NumberedCodeLine> {
  const today = options.today ?? todayInChina();
  let line = 0;
  for await (const raw of lines) {
    line++;
    const parsed = parseCodeLine(raw, { today });
    if (parsed) yield { line, ...parsed };
  }
}
