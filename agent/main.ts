// The node agent entry point: `openclaw agent` and `node dist/agent.js` both start it.
console.error('openclaw agent: starting');
