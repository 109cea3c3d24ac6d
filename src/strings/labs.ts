/** The strings of the labs, one file each under ./lab. */
import { balanceLab } from './lab/balanceLab';

export const labs = { balanceLab };
