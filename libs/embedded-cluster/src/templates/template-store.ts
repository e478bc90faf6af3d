import type { Db } from '../storage/database';

/** The index parts a template carries (settings flat with `index.` keys once stored). */
export interface TemplateBody {
  settings?: Record<string, unknown>;
  mappings?: Record<string, unknown>;
  aliases?: Record<string, Record<string, unknown>>;
}

/** A legacy `_template`: patterns, an order (higher wins) and the parts at top level. */
export interface LegacyTemplate extends TemplateBody {
  index_patterns: string[];
  order: number;
  version?: number;
}

/** A composable `_index_template`: patterns, a priority (highest alone applies), components, own parts. */
export interface IndexTemplate {
  index_patterns: string[];
  template?: TemplateBody;
  composed_of?: string[];
  priority?: number;
  version?: number;
  _meta?: Record<string, unknown>;
  data_stream?: Record<string, unknown>;
}

/** A `_component_template`: parts that index templates compose. */
export interface ComponentTemplate {
  template: TemplateBody;
  version?: number;
  _meta?: Record<string, unknown>;
}

/** The three kinds of template, each a name → definition map. */
export interface TemplateSets {
  legacy: Record<string, LegacyTemplate>;
  composable: Record<string, IndexTemplate>;
  component: Record<string, ComponentTemplate>;
}

/** Templates are cluster metadata: kept in memory and written whole to the `meta` table on each change. */
export class TemplateStore {
  readonly sets: TemplateSets;

  constructor(private readonly db: Db) {
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get('templates') as { value: string } | undefined;
    this.sets = { legacy: {}, composable: {}, component: {}, ...(row ? (JSON.parse(row.value) as Partial<TemplateSets>) : {}) };
  }

  put<K extends keyof TemplateSets>(kind: K, name: string, value: TemplateSets[K][string]): void {
    (this.sets[kind] as Record<string, unknown>)[name] = value;
    this.save();
  }

  /** Deletes matching names (`*` wildcards allowed); returns how many went. */
  delete(kind: keyof TemplateSets, names: string[]): number {
    const gone = names.filter((n) => n in this.sets[kind]);
    for (const n of gone) delete this.sets[kind][n];
    this.save();
    return gone.length;
  }

  private save(): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('templates', JSON.stringify(this.sets));
  }
}
