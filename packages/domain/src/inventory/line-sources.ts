import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

// Line sources for an import. Both are re-iterable: each iteration starts from the first line, so
// importCodes can validate the whole input before writing anything and then import it, without
// ever holding all lines in memory.

async function* readFileLines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of reader) yield line;
  } finally {
    reader.close();
    input.destroy();
  }
}

/** The lines of a file, streamed with readline (CRLF or LF). */
export function fileLines(path: string): AsyncIterable<string> {
  return { [Symbol.asyncIterator]: () => readFileLines(path) };
}

function* splitLines(text: string): Generator<string> {
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    if (end === -1) {
      if (start < text.length) yield text.slice(start);
      return;
    }
    yield text.slice(start, end);
    start = end + 1;
  }
}

/** The lines of pasted text, split lazily (CRLF or LF). */
export function textLines(text: string): AsyncIterable<string> {
  return {
    async *[Symbol.asyncIterator]() {
      yield* splitLines(text);
    },
  };
}

/**
 * Counts a file's lines as readline will yield them (a last line without a newline counts), by
 * scanning its bytes in chunks: for a progress bar's total before the import starts.
 */
export async function countFileLines(path: string): Promise<number> {
  let lines = 0;
  let last = -1;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let at = chunk.indexOf(10);
    while (at !== -1) {
      lines++;
      at = chunk.indexOf(10, at + 1);
    }
    if (chunk.length) last = chunk[chunk.length - 1]!;
  }
  return last !== -1 && last !== 10 ? lines + 1 : lines;
}
