import type { Store } from '@ferry/core';
import { STORE_ENGINES, storeFixture } from '../../../../tools/peers/store-engines';
import { HQ_DEFAULT_SETTINGS, hqMigrations, HqSettingsStore } from './hq-settings.store';

// hq-inspector's SQL on every engine the gateway can run on (the routes over it: test/hq-routes.test.ts).
describe.each(STORE_ENGINES)('HQ settings store on %s', (engine) => {
  const fixture = storeFixture(engine);
  let store: Store;
  beforeAll(async () => {
    store = await fixture.open();
    await store.migrate('hq-inspector', hqMigrations);
  });

  it('answers the defaults, merges updates per cluster, and resets', async () => {
    const settings = new HqSettingsStore(store);
    expect(await settings.get('os')).toEqual(HQ_DEFAULT_SETTINGS);
    expect(await settings.update('os', { show_dot_indices: false })).toMatchObject({ show_dot_indices: false, websocket_interval: 5 });
    expect(await settings.update('os', { websocket_interval: 10 })).toMatchObject({ show_dot_indices: false, websocket_interval: 10 });
    expect(await settings.get('other')).toEqual(HQ_DEFAULT_SETTINGS);
    // A restart reads what was stored.
    await store.close();
    store = await fixture.open();
    expect(await new HqSettingsStore(store).get('os')).toMatchObject({ show_dot_indices: false, websocket_interval: 10 });
    await new HqSettingsStore(store).reset('os');
    expect(await new HqSettingsStore(store).get('os')).toEqual(HQ_DEFAULT_SETTINGS);
  });
});
