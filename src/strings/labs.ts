/** The strings of the labs, one file each under ./lab. */
import { balanceLab } from './lab/balanceLab';
import { grpo } from './lab/grpo';

export const labs = { balanceLab, grpo };
