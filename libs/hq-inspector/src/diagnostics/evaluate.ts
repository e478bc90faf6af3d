import { evaluateFormula } from './formula';
import type { DiagnosticRule } from './hq-rules';

/** HQ's verdicts; `null` when a rule has no limits. */
export type RuleStatus = 'PASS' | 'WARN' | 'DANGER' | null;

/** One evaluated rule, with HQ's field names. */
export interface RuleResult {
  rule_label: string;
  rule_comment: string | null;
  rule_formula: string | null;
  formula_repl: string | null;
  rule_value: number | string;
  status: RuleStatus;
  format: string | null;
  unit: string | null;
  upper_limit: readonly number[] | null;
  lower_limit: readonly number[] | null;
}

/** Dotted lookup (`a.b.c`) like HQ's `get_key_from_dict`; undefined when any step is missing. */
export function lookup(source: unknown, path: string): unknown {
  let cur: unknown = source;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** HQ's `calculate_threshold`: upper limits first, then lower limits (a third element lets 0 pass). */
export function threshold(value: number, upper?: readonly number[], lower?: readonly number[]): RuleStatus {
  if (upper) return value <= upper[0] ? 'PASS' : value <= upper[1] ? 'WARN' : 'DANGER';
  if (lower) {
    if (lower.length === 3 && value === 0) return 'PASS';
    return value >= lower[0] ? 'PASS' : value >= lower[1] ? 'WARN' : 'DANGER';
  }
  return null;
}

function pyStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

/**
 * Evaluates one rule on one node's stats, as HQ does: substitute each key's value into the formula,
 * evaluate, then grade. Returns undefined when a key is missing or not numeric: HQ drops such a rule.
 */
export function evaluateRule(rule: DiagnosticRule, node: unknown): RuleResult | undefined {
  let value: number;
  let repl = rule.formula;
  if (rule.formula === undefined) {
    const v = lookup(node, rule.keys[0]);
    if (typeof v !== 'number') return undefined;
    value = v;
  } else {
    let text = rule.formula;
    for (const key of rule.keys) {
      const v = lookup(node, key);
      if (v !== undefined && v !== null) text = text.split(key).join(pyStr(v));
    }
    repl = text;
    try {
      value = evaluateFormula(text);
    } catch {
      return undefined;
    }
  }
  return {
    rule_label: rule.label,
    rule_comment: rule.comment ?? null,
    rule_formula: rule.formula ?? null,
    formula_repl: repl ?? null,
    rule_value: value,
    status: rule.upper_limit || rule.lower_limit ? threshold(value, rule.upper_limit, rule.lower_limit) : null,
    format: rule.format ?? null,
    unit: rule.unit ?? null,
    upper_limit: rule.upper_limit ?? null,
    lower_limit: rule.lower_limit ?? null,
  };
}

/** Evaluates a group of rules, keeping HQ's order and dropping the ones that cannot be computed. */
export function evaluateRules(rules: readonly DiagnosticRule[], node: unknown): RuleResult[] {
  return rules.map((r) => evaluateRule(r, node)).filter((r): r is RuleResult => r !== undefined);
}
