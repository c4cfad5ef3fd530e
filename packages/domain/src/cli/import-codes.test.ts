import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEmbedded } from '@cardshop/db';
import { afterAll, describe, expect, test } from 'vitest';
import { createCodeVault } from '../inventory/code-crypto.js';
import { buildInventorySku, countInventoryRows, useTestDatabase } from '../testing/index.js';

const t = useTestDatabase();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const cli = path.join(root, 'packages/domain/src/cli/import-codes.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'codes-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = randomBytes(32);
const indexKey = randomBytes(32);
const vault = createCodeVault({ keys: [{ id: 'cli1', key }], indexKey });

function runCli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, ...args],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          DATA_DIR: dir,
          DATABASE_URL: t.url,
          APP_SECRET: 'cli-test-secret-'.padEnd(40, 'x'),
          CARD_CODE_KEYS: `cli1:${key.toString('base64')}`,
          CARD_CODE_INDEX_KEY: indexKey.toString('base64'),
          ...env,
        },
        timeout: 110_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function writeFile(name: string, text: string) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('npm run codes:import', () => {
  test('previews, imports a file as the SKU’s supplier, and prints a summary', async () => {
    const sku = await buildInventorySku(t.db, { lowStockThreshold: 0 });
    const file = writeFile(
      'good.txt',
      '\uFEFFCLI-1----PW1\r\nCLI-2,PW2\r\n\r\nCLI-1 again\r\nCLI-3 2099-12-31\r\n',
    );

    const dry = await runCli(['--sku', sku.skuId, '--dry-run', file]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('新卡密    3');
    expect(dry.stdout).toContain('文件内重复 1');
    expect(dry.stdout).toContain('试运行（--dry-run）：未写入任何数据。');
    expect((await countInventoryRows(t.owner)).card_codes).toBe(0);

    const run = await runCli(['--sku', sku.skuId, file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('导入完成');
    expect(run.stdout).toContain('新增卡密  3');
    expect(run.stdout).toContain('当前可售库存 3');

    const rows = await t.owner
      .selectFrom('card_codes')
      .innerJoin('code_batches', 'code_batches.id', 'card_codes.batch_id')
      .select([
        'card_codes.key_id',
        'card_codes.sealed',
        'code_batches.source',
        'code_batches.filename',
      ])
      .where('card_codes.sku_id', '=', sku.skuId)
      .execute();
    expect(rows.map((r) => [r.source, r.filename, r.key_id])).toEqual([
      ['cli', 'good.txt', 'cli1'],
      ['cli', 'good.txt', 'cli1'],
      ['cli', 'good.txt', 'cli1'],
    ]);
    expect(
      rows.map((r) => vault.unseal({ keyId: r.key_id, sealed: r.sealed }).code).sort(),
    ).toEqual(['CLI-1', 'CLI-2', 'CLI-3']);
  }, 120_000);

  test('refuses malformed lines unless --skip-malformed, naming them, and writes nothing', async () => {
    const sku = await buildInventorySku(t.db);
    const file = writeFile('bad.txt', 'OK-1\nA B C D\nOK-2 2001-01-01\n');
    const before = await countInventoryRows(t.owner);
    const refused = await runCli(['--sku', sku.skuId, file]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('第 2 行：字段过多（4 个）');
    expect(refused.stdout).toContain('第 3 行：卡密已于 2001-01-01 过期');
    expect(refused.stderr).toContain('有 2 行格式不正确，未导入任何卡密');
    expect(await countInventoryRows(t.owner)).toEqual(before);

    const skipped = await runCli(['--sku', sku.skuId, '--skip-malformed', file]);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('新增卡密  1');
    expect(skipped.stdout).toContain('跳过的格式错误行 2');
  }, 120_000);

  test('refuses an unknown SKU, a delisted one, and bad usage', async () => {
    const file = writeFile('one.txt', 'X-1\n');
    const delisted = await buildInventorySku(t.db, { skuStatus: 'delisted' });
    const [unknown, refused, usage] = await Promise.all([
      runCli(['--sku', '7d3e5a1c-2b4f-4e6a-9c8d-1f0e2d3c4b5a', file]),
      runCli(['--sku', delisted.skuId, file]),
      runCli([file]),
    ]);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toContain('找不到 SKU 7d3e5a1c-2b4f-4e6a-9c8d-1f0e2d3c4b5a');

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('导入被拒绝：“王者荣耀点券 / 100 点券”已下架，不能再导入卡密');

    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('缺少 --sku <SKU 编号>');
  }, 120_000);

  test.skipIf(!existsSync('/proc/self/fd'))(
    'in embedded mode, refuses to open a data directory another process has open',
    async () => {
      const dataDir = mkdtempSync(path.join(dir, 'embedded-'));
      const embedded = await openEmbedded({ dataDir: path.join(dataDir, 'pg') });
      try {
        const file = writeFile('embedded.txt', 'E-1\n');
        const result = await runCli(['--sku', '7d3e5a1c-2b4f-4e6a-9c8d-1f0e2d3c4b5a', file], {
          DATABASE_URL: '',
          DATA_DIR: dataDir,
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`正被其他进程使用（PID ${process.pid}）`);
        expect(result.stderr).toContain('请先停止 npm start');
      } finally {
        await embedded.handle.close();
      }
    },
    120_000,
  );
});
