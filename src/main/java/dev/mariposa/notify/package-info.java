/**
 * Notifications and control from outside: a Telegram bot (Bot API long polling and sendMessage)
 * that tells fills, exits, halts, reconciliation alerts and a daily summary and takes commands
 * through the same services as the HTTP API, and generic Slack/Discord-compatible webhooks. One
 * jobs-role instance of the cluster runs it, under a Redis lease.
 */
package dev.mariposa.notify;
