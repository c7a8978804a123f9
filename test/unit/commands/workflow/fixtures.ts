// What the workflow command tests share: the environment, a clock, the server's workflows, a key's
// identity and a run, as FakeApi answers them.

export const ENV = {
  FIBONACCI_API_KEY: 'fib_test_ownerownerownerowner',
  FIBONACCI_BASE_URL: 'https://emu.test',
};
export const NOW = new Date('2026-11-29T12:00:00Z');
export const ETL = {
  id: 'wf_1',
  name: 'production/etl',
  description: '',
  is_active: true,
  created_at: '2026-11-29T11:00:00Z',
};
export const STAGING = { ...ETL, id: 'wf_2', name: 'staging/etl' };
export const identity = (scopes: string[]) => ({
  key_id: 'key_1',
  user_id: 'user-1',
  organization_id: 'org_1',
  role: 'member',
  scopes,
  workflows: ['production/*'],
});
export const OWNER = identity(['admin']);
export const RUN = {
  id: 'run_1',
  workflow_id: 'wf_1',
  status: 'completed',
  environment: 'production',
  started_at: '2026-11-29T12:00:00Z',
  completed_at: '2026-11-29T12:00:00.002Z',
  duration_seconds: 0.002,
  input_data: { day: '2026-01-23' },
  output_data: { nodes_executed: ['extract', 'load'] },
  error_message: null,
};
