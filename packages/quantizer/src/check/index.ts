export type { CheckOptions, CheckReport, CheckWarning, LayerCheck, LatencyModel } from './check-deployment.js';
export { checkDeployment, DEFAULT_LATENCY_MODEL } from './check-deployment.js';
export { renderCheckReport } from './render-check-report.js';
