import 'reflect-metadata';

import { container as rootContainer, type DependencyContainer, type InjectionToken } from 'tsyringe';
import type { Class } from '../metadata/types';

/** How a token is provided: a ready value, a class (constructed by the container) or a factory. */
export type Provider<T> =
  { useValue: T } | { useClass: Class<T>; singleton?: boolean } | { useFactory: (container: Container) => T };

/** DI token: a class, a string or a symbol. */
export type Token<T = unknown> = Class<T> | (abstract new (...args: any[]) => T) | string | symbol;

/**
 * The small DI surface secure-mcp needs. tsyringe sits behind it so that tools and services never import
 * tsyringe directly and the implementation can change.
 */
export interface Container {
  register<T>(token: Token<T>, provider: Provider<T>): this;
  resolve<T>(token: Token<T>): T;
  isRegistered(token: Token): boolean;
  /** A child sees its parent's registrations; its own registrations shadow them. */
  createChild(): Container;
}

class TsyringeContainer implements Container {
  constructor(private readonly inner: DependencyContainer) {}

  register<T>(token: Token<T>, provider: Provider<T>): this {
    const t = token as InjectionToken<T>;
    if ('useValue' in provider) this.inner.register(t, { useValue: provider.useValue });
    else if ('useFactory' in provider)
      this.inner.register(t, { useFactory: () => provider.useFactory(this) });
    else if (provider.singleton) this.inner.registerSingleton(t, provider.useClass);
    else this.inner.register(t, { useClass: provider.useClass });
    return this;
  }

  resolve<T>(token: Token<T>): T {
    return this.inner.resolve(token as InjectionToken<T>);
  }

  isRegistered(token: Token): boolean {
    return this.inner.isRegistered(token as InjectionToken<unknown>, true);
  }

  createChild(): Container {
    return new TsyringeContainer(this.inner.createChildContainer());
  }
}

/** A fresh container, isolated from other servers in the same process (a child of tsyringe's root). */
export function createContainer(): Container {
  return new TsyringeContainer(rootContainer.createChildContainer());
}
