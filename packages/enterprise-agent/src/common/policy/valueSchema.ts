import { z } from 'zod';
import type { PolicyStringFormat } from '@marie/protocol';
import { isExtensionAllowKey } from '../match/extensionId.js';
import { isVersion } from '../match/version.js';
import { checkFormat } from './formats.js';
import type { ValueType } from './types.js';

function formatted(format: PolicyStringFormat, maxLength: number): z.ZodType<string> {
  return z
    .string()
    .min(1)
    .max(maxLength)
    .superRefine((text, ctx) => {
      const problem = checkFormat(format, text);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    });
}

const extensionMap = z
  .record(z.union([z.boolean(), z.array(z.string().refine(isVersion, 'expected exact versions such as 1.2.3')).max(100)]))
  .superRefine((map, ctx) => {
    const keys = Object.keys(map);
    if (keys.length > 5000) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'more than 5000 entries' });
    for (const key of keys) if (!isExtensionAllowKey(key)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: 'expected *, publisher or publisher.name' });
  });

/** The validator for a declared type. Derived, never hand-written, so templates and checks cannot drift apart. */
export function schemaFor(type: ValueType): z.ZodType<unknown> {
  switch (type.kind) {
    case 'boolean':
      return z.boolean();
    case 'enum':
      return z.enum(type.values as [string, ...string[]]);
    case 'integer': {
      const n = z.number().int().min(type.min).max(type.max);
      return type.nullable ? n.nullable() : n;
    }
    case 'string': {
      const s = formatted(type.format, type.maxLength);
      return type.nullable ? s.nullable() : s;
    }
    case 'list':
      return z.array(formatted(type.item, 2048)).max(type.maxItems);
    case 'extension-map':
      return extensionMap;
  }
}

/** A one-line reason naming the failing path, for provenance errors. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
