import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { defineRootModule, type RootModule } from '@ferry/core';
import { INGESTION_TOKENS, type SecretSealer } from '../src';

/** A real AES-256-GCM sealer (as core's SecretBox seals), so tests can tell sealed storage from clear. */
export function aesSealer(key = randomBytes(32)): SecretSealer {
  return {
    seal(value, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
      const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return ['test', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
    },
    open(sealed, aad) {
      const [, iv, tag, data] = sealed.split(':');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64')).setAAD(Buffer.from(aad));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

/** A root module registering `sealer` as the pull-ingestion plugin's sealer. */
export function sealerModule(sealer: SecretSealer): RootModule<unknown> {
  return defineRootModule({
    id: 'test-sealer',
    register: ({ container }) => {
      container.register(INGESTION_TOKENS.sealer, { useValue: sealer });
    },
  });
}
