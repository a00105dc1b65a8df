import type { z } from 'zod';
import type { Event } from '../event.js';

/** A service method: one validated input object, an optional cancellation signal. */
export type ServiceMethod = (input: never, signal?: AbortSignal) => Promise<unknown>;

type MethodKeys<T> = { [K in keyof T]: T[K] extends Event<unknown> ? never : T[K] extends ServiceMethod ? K : never }[keyof T];
type EventKeys<T> = { [K in keyof T]: T[K] extends Event<unknown> ? K : never }[keyof T];
type InputOf<F> = F extends (input: infer I, signal?: AbortSignal) => Promise<unknown> ? I : never;

/**
 * The wire description of a service: its channel name, a schema per method input,
 * and the list of events. Methods and events are declared, never inferred from names.
 */
export interface ServiceContract<T> {
  readonly channel: string;
  readonly methods: { readonly [K in MethodKeys<T>]: z.ZodType<InputOf<T[K]>, z.ZodTypeDef, unknown> };
  readonly events: { readonly [K in EventKeys<T>]: true };
}

export function defineContract<T>(contract: ServiceContract<T>): ServiceContract<T> {
  return contract;
}
