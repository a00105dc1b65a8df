export const AGENT_PACKAGE = '@marie/enterprise-agent';
