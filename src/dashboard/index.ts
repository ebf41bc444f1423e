// The read-only status page: campaign and active-learning views read from Postgres, rendered to one HTML page.
// May import src/db, cores and Node built-ins; never Temporal, activities, client, temporal, workers or workflows.
export { loadDashboardData, type DashboardData } from './data';
export { renderPage, type PageOptions } from './page';
export { startDashboardServer, writeStaticDashboard, type DashboardServer } from './server';
