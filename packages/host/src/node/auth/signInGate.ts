import type { ServiceContract } from '@marie/protocol';

/**
 * The service as the RPC server sees it, with `check` awaited before every method of the
 * contract: the host fails closed when policy requires sign-in, whatever the client is
 * (a locked workbench, a script on the socket). Events pass through unchanged.
 */
export function gatedService<T extends object>(service: T, contract: ServiceContract<T>, check: () => Promise<void>): T {
  const methods = new Set(Object.keys(contract.methods));
  return new Proxy(service, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof property !== 'string' || !methods.has(property) || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await check();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
