import { describe, expect, it } from 'vitest';
import { softmaxScale, type DeepseekV2Config } from '../../../../src/model/config';
import type { GrpoStepEvent } from '../../../../src/rl/events';
import { headAttention } from '../../../../src/viz/attention/attentionLayout';
import { layerBalance } from '../../../../src/viz/balance/balanceMath';
import { attentionEquations, topKeys } from '../../../../src/viz/math/attentionTex';
import { balanceEquations, busiestExperts } from '../../../../src/viz/math/balanceTex';
import { grpoEquations } from '../../../../src/viz/math/grpoTex';
import { kvEquations } from '../../../../src/viz/math/kvTex';
import { texToMathml } from '../../../../src/viz/math/render';
import { routingEquations } from '../../../../src/viz/math/routingTex';
import { texInt, texNum, texSigned, type MathEquation } from '../../../../src/viz/math/tex';
import type { RecordedGrpo } from '../../../../scripts/record-grpo';
import additionJson from '../../../../stories/fixtures/grpo-addition.json';
import digitsJson from '../../../../stories/fixtures/grpo-digits.json';
import { STORY } from '../vizFixtures';
import { numbers, tags } from './mathml';

const config = STORY.config;
const last = STORY.records.length - 1;

/** Every equation and its values line typeset without a Temml error; returns the tags in order. */
function typesetTags(eqs: MathEquation[]): string[] {
  const out: string[] = [];
  for (const e of eqs) {
    const eq = texToMathml(e.tex, e.tag);
    const values = texToMathml(e.values);
    expect(eq, e.id).not.toContain('temml-error');
    expect(values, e.id).not.toContain('temml-error');
    out.push(...tags(eq));
  }
  return out;
}

/** The numbers of an equation's values line as Temml typeset them. */
const valuesOf = (eqs: MathEquation[], id: string) => numbers(texToMathml(eqs.find((e) => e.id === id)!.values));

describe('KV cache equations', () => {
  it('number as DeepSeek-V2 eqs. 9–11 and 15 and carry the token’s latent, RoPE key and cache bytes', () => {
    const r = STORY.records[last];
    const L = r.layers[2];
    const eqs = kvEquations(config, r, 2);
    expect(typesetTags(eqs)).toEqual(['9', '10', '11', '15']);
    expect(valuesOf(eqs, 'ckv')).toEqual([
      String(r.index),
      ...L.cKV.slice(0, 3).map((v) => texNum(v)),
      String(config.kv_lora_rank),
    ]);
    expect(valuesOf(eqs, 'kr')).toEqual([
      String(r.index),
      ...L.kR.slice(0, 3).map((v) => texNum(v)),
      String(config.qk_rope_head_dim),
    ]);
    const cache = eqs.find((e) => e.id === 'cache')!.values;
    expect(cache).toContain(`${texInt(r.cacheBytes)}\\,\\text{B}`);
    // the formula and the measured cache agree
    expect(cache.match(/= ([0-9{},]+)\\,\\text\{B\}/)![1]).toBe(texInt(r.cacheBytes));
  });

  it('is empty for a layer the record lacks', () => {
    expect(kvEquations(config, STORY.records[0], 99)).toEqual([]);
  });
});

describe('Attention equations', () => {
  const sigma = softmaxScale(config);
  const heads = headAttention(STORY.records, last, 1, sigma);
  const head = heads[3];

  it('number as eqs. 12–14, 16–19 with a query latent, and skip 12–13 without one', () => {
    expect(typesetTags(attentionEquations(config, last, head, sigma))).toEqual([
      '12',
      '13',
      '14',
      '16',
      '17',
      '18',
      '19',
    ]);
    const plain: DeepseekV2Config = { ...config, q_lora_rank: null };
    expect(typesetTags(attentionEquations(plain, last, head, sigma))).toEqual(['14', '16', '17', '18', '19']);
  });

  it('splits the top key’s logit into its content and RoPE parts and lists the top weights', () => {
    const eqs = attentionEquations(config, last, head, sigma);
    const top = topKeys(head);
    expect(top[0].weight).toBe(Math.max(...head.keys.map((k) => k.weight)));
    expect(valuesOf(eqs, 'split')).toEqual([
      String(top[0].pos),
      texNum(top[0].logit, 3),
      texNum(top[0].content, 3),
      texNum(top[0].position, 3),
    ]);
    expect(valuesOf(eqs, 'attn')).toEqual([
      '1',
      String(config.qk_nope_head_dim),
      String(config.qk_rope_head_dim),
      texNum(sigma, 4),
      ...top.flatMap((k) => [String(k.pos), texNum(k.weight, 3)]),
    ]);
  });
});

describe('Routing equations', () => {
  const r = STORY.records[last];
  const routing = r.layers[1].routing!;

  it('number as eqs. 20–22, then the device limit, with the chosen experts’ s and g', () => {
    const eqs = routingEquations(config, r.index, routing);
    expect(typesetTags(eqs)).toEqual(['20', '21', '22']);
    expect(eqs.map((e) => e.id)).toEqual(['out', 'gate', 'affinity', 'devices']);
    expect(valuesOf(eqs, 'gate')).toEqual([
      ...routing.experts.flatMap((e, n) => [String(e), String(r.index), texNum(routing.gates[n], 3)]),
      '0',
    ]);
    expect(valuesOf(eqs, 'affinity').slice(0, -2)).toEqual(
      routing.experts.flatMap((e) => [String(e), String(r.index), texNum(routing.probs[e], 3)]),
    );
    expect(valuesOf(eqs, 'affinity').at(-1)).toBe('1.000');
    expect(valuesOf(eqs, 'devices').slice(-routing.selectedGroups.length)).toEqual(routing.selectedGroups.map(String));
    expect(valuesOf(eqs, 'out')).toEqual([
      '2', // ‖·‖₂
      texNum(routing.sharedNorm, 3),
      String(r.index),
      '2',
      texNum(routing.routedNorm, 3),
    ]);
  });

  it('says how the gate is scaled or renormalised when the config does', () => {
    const scaled = routingEquations({ ...config, routed_scaling_factor: 16 }, r.index, routing);
    expect(scaled[1].values).toContain('g_{i,t} = 16\\, s_{i,t}');
    const norm = routingEquations({ ...config, norm_topk_prob: true }, r.index, routing);
    expect(norm[1].values).toContain('\\frac{s_{i,t}}{\\sum_{j \\in \\operatorname{TopK}} s_{j,t}}');
    expect(routingEquations({ ...config, n_group: 1 }, r.index, routing).map((e) => e.id)).not.toContain('devices');
  });
});

describe('Load balance equations', () => {
  const b = layerBalance(STORY.records, 1, config);
  const eqs = balanceEquations(config, b);

  it('number as eqs. 23–31', () => {
    expect(typesetTags(eqs)).toEqual(['23', '24', '25', '26', '27', '28', '29', '30', '31']);
  });

  it('carry each loss as the view computes it, with its α', () => {
    expect(valuesOf(eqs, 'exp')).toEqual([
      '1',
      texNum(config.aux_loss_alpha, 3),
      texNum(b.loss.expert, 3),
      texNum(config.aux_loss_alpha * b.loss.expert, 5),
    ]);
    expect(valuesOf(eqs, 'dev').slice(-2)).toEqual([
      texNum(b.loss.device, 3),
      texNum(config.device_balance_alpha * b.loss.device, 5),
    ]);
    expect(valuesOf(eqs, 'comm').slice(-2)).toEqual([
      texNum(b.loss.comm, 3),
      texNum(config.comm_balance_alpha * b.loss.comm, 5),
    ]);
  });

  it('list f_i and P_i of the busiest experts and every device’s terms', () => {
    const top = busiestExperts(b);
    expect(top.map((e) => b.f[e])).toEqual([...b.f].sort((x, y) => y - x).slice(0, 3));
    expect(valuesOf(eqs, 'f')).toEqual([
      String(b.tokens),
      String(b.nRouted),
      String(b.k),
      ...top.flatMap((e) => [String(e), texNum(b.f[e], 2)]),
    ]);
    expect(valuesOf(eqs, 'P')).toEqual(top.flatMap((e) => [String(e), texNum(b.P[e], 3)]));
    expect(valuesOf(eqs, 'fdev')).toEqual(b.device.f.flatMap((f, d) => [String(d), texNum(f, 2)]));
    expect(valuesOf(eqs, 'fcomm')).toEqual([
      String(b.nGroup),
      String(b.topkGroup),
      ...b.device.fComm.flatMap((f, d) => [String(d), texNum(f, 2)]),
    ]);
  });
});

describe('GRPO equations', () => {
  const stepOf = (r: RecordedGrpo) =>
    r.events.flatMap((e) => (e.type === 'step' ? [e.event] : [])).at(-1) as GrpoStepEvent;
  const addition = stepOf(additionJson as unknown as RecordedGrpo);
  const group = addition.groups.find((g) => !g.skipped)!;
  const hyper = { epsilon: 0.2, beta: 0.04 };

  it('number as DeepSeekMath eqs. 3 and 4, with the outcome advantage of every output', () => {
    const o = group.outputs[1];
    const eqs = grpoEquations({ group, output: 1, full: o, ...hyper });
    expect(typesetTags(eqs)).toEqual(['3', '4']);
    expect(eqs.map((e) => e.id)).toEqual(['objective', 'ratio', 'kl', 'advantage']);
    const adv = eqs.find((e) => e.id === 'advantage')!.values;
    for (const x of group.outputs) expect(adv).toContain(texSigned(x.advantage, 2));
    expect(valuesOf(eqs, 'advantage').slice(0, group.outputs.length + 2)).toEqual([
      ...group.outputs.map((x) => texNum(x.reward, 2)),
      texNum(group.mean, 3),
      texNum(group.std, 3),
    ]);
    expect(valuesOf(eqs, 'kl')).toEqual([texNum(o.logpRef[0], 3), texNum(o.kl[0], 5)]);
    expect(valuesOf(eqs, 'objective')).toEqual([
      String(group.outputs.length),
      '0.20',
      '0.040',
      '2',
      '1',
      texNum(o.ratio[0], 4),
      texNum(o.advantages[0], 3),
      texNum(o.ratio[0], 4),
      '0.80',
      '1.20',
      texNum(o.advantages[0], 3),
      '-0.040', // numbers() joins the binary minus of "− β·D_KL" onto β
      texNum(o.kl[0], 5),
    ]);
  });

  it('while sampling, shows the advantage and says the update is not done', () => {
    const eqs = grpoEquations({ group, output: 0, ...hyper });
    expect(eqs.map((e) => e.id)).toEqual(['objective', 'advantage']);
    expect(eqs[0].values).toContain('not done yet');
  });

  it('uses the process formula for per-step rewards, with the output’s token advantages', () => {
    const digits = stepOf(digitsJson as unknown as RecordedGrpo).groups[0];
    const eqs = grpoEquations({ group: digits, output: 0, full: digits.outputs[0], ...hyper });
    const adv = eqs.find((e) => e.id === 'advantage')!;
    expect(adv.tex).toContain('\\operatorname{index}(j)');
    expect(adv.values).toContain(texSigned(digits.outputs[0].advantages[0], 2).replace('+', ''));
    typesetTags(eqs);
  });
});
