import type { FerryPlugin } from '@ferry/core';

/** Every plugin the gateway serves: the one place where they are listed. */
export const plugins: readonly FerryPlugin<any>[] = [];
