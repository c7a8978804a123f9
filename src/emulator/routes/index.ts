import type { RouteModule } from '../types.js';
import { accessRoutes } from './access.js';
import { apiKeyRoutes } from './api-keys.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { devRoutes } from './dev.js';
import { environmentRoutes } from './environments.js';
import { memberRoutes } from './members.js';
import { orgRoutes } from './org.js';
import { secretsRoutes } from './secrets.js';
import { workflowRoutes } from './workflows.js';

/**
 * Every route module, registered in this order. A new resource adds its module here and one
 * policy row per route in ../policy.ts (the server refuses to start without them).
 */
export const ROUTE_MODULES: readonly RouteModule[] = [
  authRoutes,
  auditRoutes,
  secretsRoutes,
  environmentRoutes,
  apiKeyRoutes,
  workflowRoutes,
  orgRoutes,
  accessRoutes,
  memberRoutes,
  devRoutes,
];
