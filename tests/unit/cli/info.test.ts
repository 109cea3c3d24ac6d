import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelInfo } from '../../../src/cli/info';
import { TINYSEEK } from '../../../src/model/presets';
import { writeFixtureModel, type FixtureModel } from './fixtureModel';
import { cli } from './runCli';

let root = '';
let fx: FixtureModel;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tinyseek-cli-info-'));
  fx = writeFixtureModel(join(root, 'model'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('cli info', () => {
  it('prints modelInfo of a model folder as JSON', async () => {
    const r = await cli(['info', '--model', fx.dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(modelInfo(fx.config));
    expect(JSON.parse(r.stdout).kvCachePerToken.model.mla).toBe(60);
  });

  it('prints modelInfo of a preset', async () => {
    const r = await cli(['info', '--preset', 'tinyseek']);
    expect(JSON.parse(r.stdout)).toEqual(modelInfo(TINYSEEK));
  });

  it('help lists every command on stdout', async () => {
    const r = await cli(['help']);
    expect(r.code).toBe(0);
    for (const c of ['info', 'forward', 'generate']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });
});
