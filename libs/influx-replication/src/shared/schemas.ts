import { z } from 'zod';
import { idProblem } from './ids';

/** A platform ID in a JSON body; errors read like InfluxDB's decoder (`id must have a length of 16 bytes`, `invalid ID`). */
export const idSchema = z.string().superRefine((value, ctx) => {
  const problem = idProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
