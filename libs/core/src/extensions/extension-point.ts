/** A typed place where plugins contribute values that another part of the gateway consumes. */
export interface ExtensionPoint<T> {
  readonly id: string;
  /** Phantom field carrying the contributed type. */
  readonly __type?: T;
}

/** Declares an extension point. */
export function createExtensionPoint<T>(id: string): ExtensionPoint<T> {
  return { id };
}

/** Contributions to extension points, labelled with the plugin that made them. */
export class Extensions {
  private readonly values = new Map<string, { owner: string; value: unknown }[]>();

  /** The view a plugin gets: it may only add. */
  forOwner(owner: string): PluginExtensions {
    return { add: (point, value) => this.add(owner, point, value) };
  }

  add<T>(owner: string, point: ExtensionPoint<T>, value: T): void {
    const list = this.values.get(point.id) ?? [];
    list.push({ owner, value });
    this.values.set(point.id, list);
  }

  /** Every contribution to `point`, in registration order. */
  get<T>(point: ExtensionPoint<T>): T[] {
    return (this.values.get(point.id) ?? []).map((e) => e.value as T);
  }
}

/** What a plugin can do with extension points. */
export interface PluginExtensions {
  add<T>(point: ExtensionPoint<T>, value: T): void;
}
