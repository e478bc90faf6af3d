export { ccrPlugin } from './plugin';
export { ccrConfigSchema, roleCredentialsSchema } from './config';
export type { CcrConfig, RoleCredentials } from './config';
export {
  acknowledgedSchema,
  autofollowBodySchema,
  bootstrapDetailsSchema,
  pauseBodySchema,
  resumeBodySchema,
  startBodySchema,
  statusResponseSchema,
  syncingDetailsSchema,
  updateBodySchema,
  useRolesSchema,
} from './replication/replication.schemas';
export type { AutofollowBody, BootstrapDetails, StartBody, StatusResponse, SyncingDetails, UseRoles } from './replication/replication.schemas';
export { CCR } from './tokens';
