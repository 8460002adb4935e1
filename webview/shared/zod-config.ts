/**
 * Imported first by every page, before any schema is built: zod compiles object parsers with
 * `new Function` (decided when a schema is created) unless told not to, and the CSP forbids eval.
 */
import { z } from 'zod';

z.config({ jitless: true });
