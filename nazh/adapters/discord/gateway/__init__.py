"""The gateway transport: a hikari GatewayBot (shards, websocket) feeding the Discord core."""
