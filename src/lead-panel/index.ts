export { LeadPanel } from './LeadPanel';
export type { LeadPanelProps } from './LeadPanel';
