// npm run codes:import -- --sku <sku-id> [--skip-malformed] [--dry-run] <file>
// Imports a TXT/CSV file of card codes into one SKU, as that SKU's supplier: a preview first, then
// the streamed import with a progress bar. Exit codes: 0 done, 1 refused or failed, 2 bad usage.
import 'dotenv/config';
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { asSystem, openDatabase, withSupplier, type DatabaseHandle } from '@cardshop/db';
import { EnvError, loadEnv, type Env } from '../config/env.js';
import { isDomainError } from '../errors.js';
import {
  codeVaultFromEnv,
  countFileLines,
  fileLines,
  findSkuSupplier,
  importCodes,
  previewCodeImport,
  type CodeImportPreview,
} from '../inventory/index.js';

const USAGE = `用法 / usage:
  npm run codes:import -- --sku <SKU 编号> [--skip-malformed] [--dry-run] <文件>

  --sku <id>          导入到哪个 SKU（其供货商即导入者）
  --skip-malformed    跳过格式不正确的行（默认：有任何一行不正确就整体拒绝）
  --dry-run           只预览统计，不写入任何数据
  <文件>              TXT/CSV，每行一个卡密，或“卡号 密码”（空格、逗号、制表符或 ---- 分隔），
                      最后可加有效期 YYYY-MM-DD`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHOWN_MALFORMED = 20;

class UsageError extends Error {}
class Refusal extends Error {}

function parseCommandLine(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        sku: { type: 'string' },
        'skip-malformed': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (!values.sku) throw new UsageError('缺少 --sku <SKU 编号>');
  if (!UUID.test(values.sku)) throw new UsageError(`“${values.sku}”不是有效的 SKU 编号`);
  if (positionals.length !== 1) throw new UsageError('请给出一个要导入的文件');
  const file = path.resolve(positionals[0]!);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new UsageError(`找不到文件：${file}`);
  }
  if (!isFile) throw new UsageError(`不是文件：${file}`);
  return {
    skuId: values.sku.toLowerCase(),
    file,
    skipMalformed: values['skip-malformed'],
    dryRun: values['dry-run'],
  };
}

/**
 * PGlite takes no lock of its own, and two processes on one data directory corrupt it. It keeps
 * its files open, so on Linux another owner shows up in /proc/<pid>/fd.
 */
function processesUsing(dir: string): number[] | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    return undefined;
  }
  const prefix = `${path.resolve(dir)}${path.sep}`;
  const found: number[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(prefix)) {
          found.push(Number(pid));
          break;
        }
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return found;
}

async function open(env: Env): Promise<DatabaseHandle> {
  if (env.embedded) {
    const dir = path.join(env.DATA_DIR, 'pg');
    const users = processesUsing(dir);
    if (users === undefined) {
      console.warn(`注意：嵌入式数据库 ${dir} 不能同时被其他进程打开，请确认 npm start 已停止。`);
    } else if (users.length > 0) {
      throw new Refusal(
        `嵌入式数据库 ${dir} 正被其他进程使用（PID ${users.join(', ')}），同时打开会损坏数据。\n` +
          '请先停止 npm start（或另一个导入），再运行导入；或设置 DATABASE_URL 改用 PostgreSQL。',
      );
    }
  }
  return openDatabase({
    databaseUrl: env.DATABASE_URL,
    appDatabaseUrl: env.APP_DATABASE_URL,
    dataDir: env.DATA_DIR,
    migrate: env.embedded,
    poolSize: 2,
  });
}

function printPreview(preview: CodeImportPreview) {
  const units = preview.sku.codeKind === 'reusable' ? `（可售 ${preview.sellableUnits} 次）` : '';
  console.log(
    [
      `SKU：${preview.sku.productName} / ${preview.sku.name}（${preview.sku.id}）`,
      `  有效行    ${preview.totalLines}`,
      `  新卡密    ${preview.valid}${units}`,
      `  文件内重复 ${preview.duplicatesInFile}`,
      `  库存中已有 ${preview.duplicatesInStock}`,
      `  格式不正确 ${preview.malformed}`,
    ].join('\n'),
  );
  for (const m of preview.malformedLines.slice(0, SHOWN_MALFORMED)) {
    console.log(`    第 ${m.line} 行：${m.reason}`);
  }
  if (preview.malformed > SHOWN_MALFORMED) {
    console.log(`    ……另有 ${preview.malformed - SHOWN_MALFORMED} 行`);
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv);
  if (!args) {
    console.log(USAGE);
    return 0;
  }
  const env = loadEnv();
  const handle = await open(env);
  try {
    const { db } = handle;
    const supplier = await asSystem(db, (trx) => findSkuSupplier(trx, args.skuId));
    if (!supplier) throw new Refusal(`找不到 SKU ${args.skuId}`);
    const scope = { id: supplier.id, ownerTenantId: supplier.ownerTenantId };
    const vault = codeVaultFromEnv(env);
    console.log(`供货商：${supplier.name}\n文件：${args.file}\n`);

    const preview = await withSupplier(db, scope, (trx) =>
      previewCodeImport(trx, vault, { skuId: args.skuId, lines: fileLines(args.file) }),
    );
    printPreview(preview);
    if (preview.malformed > 0 && !args.skipMalformed) {
      throw new Refusal(
        `\n有 ${preview.malformed} 行格式不正确，未导入任何卡密。请修正文件，或确认跳过这些行后加 --skip-malformed 重新运行。`,
      );
    }
    if (args.dryRun) {
      console.log('\n试运行（--dry-run）：未写入任何数据。');
      return 0;
    }
    if (preview.valid === 0) {
      console.log('\n没有新的卡密需要导入，未写入任何数据。');
      return 0;
    }

    const total = await countFileLines(args.file);
    const bar = new cliProgress.SingleBar(
      {
        format: '导入 [{bar}] {percentage}% | {value}/{total} 行 | 新增 {imported} | 重复 {dups}',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { imported: 0, dups: 0 });
    let result;
    try {
      result = await importCodes(db, vault, {
        supplier: scope,
        skuId: args.skuId,
        source: 'cli',
        filename: path.basename(args.file),
        lines: fileLines(args.file),
        skipMalformed: args.skipMalformed,
        batchSize: 5000,
        onProgress: (p) =>
          bar.update(p.linesRead, {
            imported: p.imported,
            dups: p.duplicatesInFile + p.duplicatesInStock,
          }),
      });
      bar.update(total);
    } finally {
      bar.stop();
    }
    console.log(
      [
        '\n导入完成',
        `  批次      ${result.batchId}`,
        `  新增卡密  ${result.imported}`,
        `  文件内重复 ${result.duplicatesInFile}`,
        `  库存中已有 ${result.duplicatesInStock}`,
        `  跳过的格式错误行 ${result.malformed}`,
        `  新增可售  ${result.unitsAdded}，当前可售库存 ${result.available}`,
      ].join('\n'),
    );
    return 0;
  } finally {
    await handle.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof Refusal || error instanceof EnvError) {
    console.error(error.message);
    process.exitCode = 1;
  } else if (isDomainError(error)) {
    console.error(`导入被拒绝：${error.userMessage}`);
    process.exitCode = 1;
  } else {
    console.error('导入失败：', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
