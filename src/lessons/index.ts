/** The lessons, in teaching order. */
import { lesson1Tokens } from './lesson1Tokens';
import { lesson2Mla } from './lesson2Mla';
import { lesson3Rope } from './lesson3Rope';
import { lesson4Experts } from './lesson4Experts';
import { lesson5Balance } from './lesson5Balance';
import { lesson6Grpo } from './lesson6Grpo';
import { lesson7V3Bias } from './lesson7V3Bias';
import type { Lesson } from './types';

export const LESSONS: Lesson[] = [
  lesson1Tokens,
  lesson2Mla,
  lesson3Rope,
  lesson4Experts,
  lesson5Balance,
  lesson6Grpo,
  lesson7V3Bias,
];

export const lessonById = (id: string): Lesson | undefined => LESSONS.find((l) => l.id === id);
