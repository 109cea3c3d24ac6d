/** Lesson 4: DeepSeekMoE: shared experts every token uses, routed experts chosen top-k inside a few device groups. */
import { DEEPSEEK_V2 } from '../model/presets';
import { parameterCounts } from '../model/sizes';
import { NO_TOKENS, selectedLayer, shown, waiting } from './live';
import type { Lesson } from './types';

const PROMPT = '37+48=';

export const lesson4Experts: Lesson = {
  id: 'experts',
  title: '4 · Experts: shared and routed, top-k and device groups',
  summary: 'How each token picks a few experts, which ones every token shares, and why groups matter.',
  steps: [
    {
      title: 'Routed experts',
      text: 'In an MoE layer a router scores every routed expert for the token and sends it to the best few. The Expert routing view shows the router’s probabilities for every token, with the chosen experts marked.',
      setup: { page: 'explore', prompt: PROMPT, generate: 3, select: 'last', layer: 1, view: 'routing' },
      question: {
        prompt: 'How many routed experts does one token use in this layer?',
        kind: 'number',
        unit: 'experts',
        answer: (s) => {
          const l = selectedLayer(s);
          if (!l?.routing) return waiting(NO_TOKENS);
          const n = s.model!.config.n_routed_experts ?? 0;
          return {
            kind: 'number',
            value: l.routing.experts.length,
            shown: `${l.routing.experts.length} experts`,
            explain: `This token went to experts ${l.routing.experts.join(', ')} (gates ${l.routing.gates.map((g) => g.toFixed(2)).join(', ')}) of ${n}.`,
          };
        },
      },
    },
    {
      title: 'Shared experts',
      text: 'Besides the routed ones, a few shared experts run on every token: they learn what all tokens need, so the routed experts can specialise.',
      setup: { page: 'explore', layer: 1, view: 'routing' },
      question: {
        prompt: 'Counting the shared experts, how many experts work on this token in this layer?',
        kind: 'number',
        unit: 'experts',
        answer: (s) => {
          const l = selectedLayer(s);
          if (!l?.routing) return waiting(NO_TOKENS);
          const shared = s.model!.config.n_shared_experts;
          const n = l.routing.experts.length + shared;
          return {
            kind: 'number',
            value: n,
            shown: `${n} experts`,
            explain: `${l.routing.experts.length} routed + ${shared} shared. The shared experts’ output had norm ${l.routing.sharedNorm.toFixed(2)}, the routed experts’ ${l.routing.routedNorm.toFixed(2)}.`,
          };
        },
      },
    },
    {
      title: 'Device groups',
      text: 'The routed experts are spread over devices (groups). To keep communication cheap, each token may only use experts on a few devices: the router first picks the best groups, then the top experts inside them.',
      setup: { page: 'explore', layer: 2, view: 'routing' },
      question: {
        prompt: 'On how many devices (groups) may this token’s routed experts be?',
        kind: 'number',
        unit: 'groups',
        answer: (s) => {
          const l = selectedLayer(s);
          if (!l?.routing) return waiting(NO_TOKENS);
          const c = s.model!.config;
          return {
            kind: 'number',
            value: l.routing.selectedGroups.length,
            shown: `${l.routing.selectedGroups.length} groups`,
            explain: `Groups ${l.routing.selectedGroups.join(' and ')} of ${c.n_group} (topk_group = ${c.topk_group}); its experts ${l.routing.experts.join(', ')} all sit in them.`,
          };
        },
      },
    },
    {
      title: 'Why MoE is cheap per token',
      text: 'Only the chosen experts compute, so a token uses a fraction of the weights. The Architecture view highlights the experts the selected token used.',
      setup: { page: 'explore', view: 'architecture' },
      question: {
        prompt: 'What share (%) of the model’s parameters work on each token?',
        kind: 'number',
        unit: '%',
        answer: (s) => {
          if (!s.model) return waiting('the model has not loaded yet');
          const c = parameterCounts(s.model.config);
          const share = (100 * c.activated) / c.total;
          const v2 = parameterCounts(DEEPSEEK_V2);
          return {
            kind: 'number',
            value: share,
            shown: `${Math.round(share)}%`,
            explain: `${c.activated.toLocaleString('en-US')} of ${c.total.toLocaleString('en-US')} parameters. DeepSeek-V2 uses ${shown(v2.activated / 1e9)}B of ${shown(v2.total / 1e9)}B, ${Math.round((100 * v2.activated) / v2.total)}%.`,
            tolerance: 0.2,
          };
        },
      },
    },
  ],
};
