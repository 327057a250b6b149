// The baseline: bare Express answering "hello", measured in the same run as everything else.
'use strict';
const express = require('express');
const app = express();
app.get('/', (_req, res) => res.send('hello'));
const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
