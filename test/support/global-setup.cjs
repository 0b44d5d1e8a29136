module.exports = require('./index-check.cjs').setup;
