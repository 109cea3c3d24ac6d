/** The strings of the labs (src/app/labs, src/viz/balancelab, src/viz/grpo). */

export const labs = {};
