import { useState } from 'preact/hooks';
import { createAutofollow, flowTarget, ingestionAction, replicationAction, startReplication, type ShardReset } from '../api/actions';
import type { ApiRequest } from '../api/client';
import type { Flow } from '../api/flows';
import { Dialog, Field } from '../components/ui';

type Run = (label: string, reqs: ApiRequest[]) => Promise<boolean>;

function Buttons(props: { onClose(): void; submit: string; disabled?: boolean; danger?: boolean }) {
  return (
    <div class="row">
      <button type="submit" class={props.danger ? 'danger' : 'primary'} disabled={props.disabled}>
        {props.submit}
      </button>
      <button type="button" onClick={props.onClose}>
        Cancel
      </button>
    </div>
  );
}

/** `use_roles`: names from the gateway's `ccr.roles`; required when the gateway has auth on. */
function Roles(props: { v: { leaderRole: string; followerRole: string }; set(k: 'leaderRole' | 'followerRole'): (e: { currentTarget: HTMLInputElement }) => void }) {
  return (
    <>
      <Field label="Leader cluster role (ccr.roles)"><input name="leader_cluster_role" value={props.v.leaderRole} onInput={props.set('leaderRole')} /></Field>
      <Field label="Follower cluster role (ccr.roles)"><input name="follower_cluster_role" value={props.v.followerRole} onInput={props.set('followerRole')} /></Field>
    </>
  );
}

export function StartDialog(props: { onClose(): void; run: Run }) {
  const [v, setV] = useState({ leaderAlias: '', leaderIndex: '', followerIndex: '', leaderRole: '', followerRole: '' });
  const set = (k: keyof typeof v) => (e: { currentTarget: HTMLInputElement }) => setV({ ...v, [k]: e.currentTarget.value });
  return (
    <Dialog title="Start a replication" onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await props.run(`Start ${v.followerIndex}`, [startReplication(v)])) props.onClose();
        }}
      >
        <Field label="Leader alias (a cluster connection)"><input required name="leader_alias" value={v.leaderAlias} onInput={set('leaderAlias')} /></Field>
        <Field label="Leader index"><input required name="leader_index" value={v.leaderIndex} onInput={set('leaderIndex')} /></Field>
        <Field label="Follower index"><input required name="follower_index" value={v.followerIndex} onInput={set('followerIndex')} /></Field>
        <Roles v={v} set={set} />
        <Buttons onClose={props.onClose} submit="Start" />
      </form>
    </Dialog>
  );
}

export function AutofollowDialog(props: { onClose(): void; run: Run }) {
  const [v, setV] = useState({ leaderAlias: '', name: '', pattern: '', leaderRole: '', followerRole: '' });
  const set = (k: keyof typeof v) => (e: { currentTarget: HTMLInputElement }) => setV({ ...v, [k]: e.currentTarget.value });
  return (
    <Dialog title="New auto-follow rule" onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await props.run(`Create rule ${v.name}`, [createAutofollow(v)])) props.onClose();
        }}
      >
        <Field label="Leader alias"><input required name="leader_alias" value={v.leaderAlias} onInput={set('leaderAlias')} /></Field>
        <Field label="Rule name"><input required name="name" value={v.name} onInput={set('name')} /></Field>
        <Field label="Index pattern"><input required name="pattern" placeholder="logs-*" value={v.pattern} onInput={set('pattern')} /></Field>
        <Roles v={v} set={set} />
        <Buttons onClose={props.onClose} submit="Create" />
      </form>
    </Dialog>
  );
}

/** Stopping drops the follower's replication for good: the index name must be typed again. */
export function StopDialog(props: { flow: Flow; onClose(): void; run: Run }) {
  const target = flowTarget(props.flow);
  const [typed, setTyped] = useState('');
  return (
    <Dialog title={`Stop replication of ${target}`} onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (typed === target && (await props.run(`Stop ${target}`, [replicationAction(target, 'stop')]))) props.onClose();
        }}
      >
        <p>The follower index stays but stops following its leader; starting again bootstraps from scratch.</p>
        <Field label={`Type ${target} to confirm`}><input name="confirm" autoComplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} /></Field>
        <Buttons onClose={props.onClose} submit="Stop replication" danger disabled={typed !== target} />
      </form>
    </Dialog>
  );
}

export function ResumeIngestionDialog(props: { flow: Flow; shards: number[]; onClose(): void; run: Run }) {
  const index = flowTarget(props.flow);
  const [resets, setResets] = useState<Record<number, { mode: ShardReset['mode'] | ''; value: string }>>({});
  const chosen: ShardReset[] = Object.entries(resets)
    .filter(([, r]) => r.mode && r.value !== '')
    .map(([shard, r]) => ({ shard: Number(shard), mode: r.mode as ShardReset['mode'], value: r.value }));
  const shards = [...new Set(props.shards)].sort((a, b) => a - b);
  return (
    <Dialog title={`Resume ingestion of ${index}`} onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await props.run(`Resume ingestion of ${index}`, [ingestionAction(index, 'resume', chosen)])) props.onClose();
        }}
      >
        <p>Optionally move a shard's pointer before it resumes.</p>
        <table>
          <thead><tr><th scope="col">Shard</th><th scope="col">Reset</th><th scope="col">Value</th></tr></thead>
          <tbody>
            {shards.map((s) => (
              <tr key={s}>
                <td>{s}</td>
                <td>
                  <select aria-label={`Reset mode of shard ${s}`} value={resets[s]?.mode ?? ''} onChange={(e) => setResets({ ...resets, [s]: { value: resets[s]?.value ?? '', mode: e.currentTarget.value as ShardReset['mode'] } })}>
                    <option value="">keep pointer</option>
                    <option value="offset">offset</option>
                    <option value="timestamp">timestamp</option>
                  </select>
                </td>
                <td><input aria-label={`Reset value of shard ${s}`} value={resets[s]?.value ?? ''} onInput={(e) => setResets({ ...resets, [s]: { mode: resets[s]?.mode ?? 'offset', value: e.currentTarget.value } })} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        <Buttons onClose={props.onClose} submit={chosen.length ? `Resume with ${chosen.length} reset(s)` : 'Resume'} />
      </form>
    </Dialog>
  );
}
