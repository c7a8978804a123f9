import type { RouteModule } from '../types.js';
import { authRoutes } from './auth.js';

/**
 * Every route module, registered in this order. A new resource adds its module here and one
 * policy row per route in ../policy.ts (the server refuses to start without them).
 */
export const ROUTE_MODULES: readonly RouteModule[] = [authRoutes];
