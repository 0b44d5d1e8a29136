module.exports = require('./index-check.cjs').teardown;
