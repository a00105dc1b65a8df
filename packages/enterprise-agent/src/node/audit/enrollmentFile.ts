import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomicFile.js';
import { auditDir } from './openAuditOutbox.js';

/** Where this device's audit chain was enrolled: uploads go there when no policy says otherwise. */
const enrollmentSchema = z.object({ v: z.literal(1), server: z.string().url(), org: z.string().min(1), device: z.string().min(1) });
export type AuditEnrollment = z.infer<typeof enrollmentSchema>;

const enrollmentPath = (dataDir: string) => join(auditDir(dataDir), 'enrollment.json');

/** Not secret (the device key in the keychain authenticates); a damaged file reads as "not enrolled", so enrolment runs again. */
export function readEnrollment(dataDir: string): AuditEnrollment | null {
  try {
    const parsed = enrollmentSchema.safeParse(JSON.parse(readFileSync(enrollmentPath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeEnrollment(dataDir: string, enrollment: Omit<AuditEnrollment, 'v'>): Promise<void> {
  return writeFileAtomic(enrollmentPath(dataDir), JSON.stringify({ v: 1, ...enrollment }));
}
