package dev.mariposa.notify;

import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.http.SignalCommands;
import dev.mariposa.redis.LeasedRateLimiter;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.signal.Halt;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's commands, each update acted on at most once. An update is claimed in Redis by its id
 * first (SET NX, a week), so one delivered again (a poll whose offset was not yet stored, another
 * instance taking over) is skipped. Before that, the chat must be allowed (else nothing is done
 * or said, and the log says which chat). Then, as the HTTP API checks: the chat's rate limit (the
 * API's GCRA limiter and its policies: reads for /status, /positions, /profit, admin for /halt
 * and /resume, write for /close, keyed per chat), then the same service the API route calls:
 * {@link SignalCommands#setHalt} (POST /api/admin/halt) and {@link SignalCommands#queue} with
 * action CLOSE (POST /api/agents/{id}/signals), whose request id is the update's, so the kernel's
 * own idempotency holds as well.
 */
final class BotCommands {
  private static final Logger LOG = LoggerFactory.getLogger(BotCommands.class);
  private static final Duration CLAIM_TTL = Duration.ofDays(7);

  private final Set<Long> allowedChats;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final LeasedRateLimiter limiter;
  private final MariposaConfig.RateLimit rateLimits;
  private final SignalCommands commands;
  private final Halt halt;
  private final AgentRepository agents;
  private final AccountRepository accounts;
  private final AgentFigures figures;
  private final BiConsumer<Long, String> reply;

  /** {@code reply}: queues an answer to a chat (the chat's delivery queue). */
  BotCommands(List<Long> allowedChats, RedisConnections redis, RedisKeys keys, RateLimiter limiter,
              MariposaConfig.RateLimit rateLimits, SignalCommands commands, Halt halt, AgentRepository agents,
              AccountRepository accounts, AgentFigures figures, BiConsumer<Long, String> reply) {
    this.allowedChats = Set.copyOf(allowedChats);
    this.redis = redis;
    this.keys = keys;
    this.limiter = new LeasedRateLimiter(limiter, Duration.ofSeconds(1));
    this.rateLimits = rateLimits;
    this.commands = commands;
    this.halt = halt;
    this.agents = agents;
    this.accounts = accounts;
    this.figures = figures;
    this.reply = reply;
  }

  /**
   * Acts on one update (a Bot API Update object). Fails only when Redis could not claim it: the
   * poller then keeps its offset and asks again. What a command answers, failures included, goes
   * to the chat.
   */
  Future<Void> handle(JsonObject update) {
    long updateId = update.getLong("update_id");
    JsonObject message = update.getJsonObject("message");
    if (message == null || message.getJsonObject("chat") == null || message.getString("text") == null) {
      return Future.succeededFuture();
    }
    long chatId = message.getJsonObject("chat").getLong("id");
    String text = message.getString("text").strip();
    if (!text.startsWith("/")) {
      return Future.succeededFuture();
    }
    if (!allowedChats.contains(chatId)) {
      LOG.warn("Telegram command from chat {}, which is not in TELEGRAM_CHAT_IDS: ignored (update {})", chatId, updateId);
      return Future.succeededFuture();
    }
    return claim(updateId).compose(first -> {
      if (!first) {
        LOG.info("Telegram update {} was acted on already: skipped", updateId);
        return Future.succeededFuture();
      }
      String[] words = text.split("\\s+", 2);
      String command = words[0].toLowerCase(Locale.ROOT).replaceFirst("@.*$", "");
      String argument = words.length > 1 ? words[1].strip() : "";
      LOG.info("Telegram command {} from chat {} (update {})", command, chatId, updateId);
      act(command, argument, chatId, updateId)
          .recover(t -> Future.succeededFuture("Refused: " + t.getMessage()))
          .onSuccess(answer -> reply.accept(chatId, answer));
      return Future.succeededFuture();
    });
  }

  private Future<Boolean> claim(long updateId) {
    return redis.send(Request.cmd(Command.SET).arg(keys.key("job:", "notify", "telegram", "update", Long.toString(updateId)))
            .arg("1").arg("NX").arg("PX").arg(CLAIM_TTL.toMillis()))
        .map(response -> response != null && "OK".equals(response.toString()));
  }

  private Future<String> act(String command, String argument, long chatId, long updateId) {
    return switch (command) {
      case "/status" -> limited("read", chatId, this::status);
      case "/positions" -> limited("read", chatId, this::positions);
      case "/profit" -> limited("read", chatId, this::profit);
      case "/halt" -> limited("admin", chatId, () -> setHalt(true, argument, chatId)
          .map(state -> "Trading halted: " + state.getString("reason")));
      case "/resume" -> limited("admin", chatId, () -> setHalt(false, argument, chatId)
          .map(state -> "Trading resumed"));
      case "/close" -> limited("write", chatId, () -> close(argument, updateId));
      default -> Future.succeededFuture(Messages.help());
    };
  }

  /** The chat's budget of the API group's policy, drawn from the cluster's GCRA limits. */
  private Future<String> limited(String group, long chatId, java.util.function.Supplier<Future<String>> action) {
    if (!rateLimits.enabled()) {
      return action.get();
    }
    MariposaConfig.RateLimit.Policy policy = rateLimits.policies().get(group);
    RateLimiter.Limit limit = new RateLimiter.Limit(keys.key("ratelimit:", "telegram", group, Long.toString(chatId)),
        policy.requests(), policy.period(), policy.burst());
    return limiter.acquire(limit, 1).compose(decision -> decision.allowed() ? action.get()
        : Future.succeededFuture("Too many commands: at most " + policy.requests() + " per "
            + policy.period().toSeconds() + " s; retry in " + Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000) + " s"));
  }

  /** As POST /api/admin/halt: a halt needs its reason; who pulled it is the chat. */
  private Future<JsonObject> setHalt(boolean halted, String reason, long chatId) {
    JsonObject body = new JsonObject().put("halted", halted);
    if (!reason.isEmpty()) {
      body.put("reason", reason);
    } else if (!halted) {
      body.put("reason", "resumed from Telegram");
    }
    return commands.setHalt(body, "telegram:" + chatId);
  }

  /** As POST /api/agents/{id}/signals {action: CLOSE, symbol} with the update as the request id. */
  private Future<String> close(String argument, long updateId) {
    String[] words = argument.split("\\s+");
    if (words.length != 2) {
      return Future.succeededFuture("Usage: /close <agent> <symbol>");
    }
    String agentId = words[0].toLowerCase(Locale.ROOT);
    JsonObject request = new JsonObject().put("action", "CLOSE").put("symbol", words[1])
        .put("requestId", "tg-" + updateId);
    return commands.queue(agentId, request).map(result -> {
      JsonArray queued = result.getJsonArray("queued", new JsonArray());
      JsonArray duplicates = result.getJsonArray("duplicates", new JsonArray());
      JsonObject signal = !queued.isEmpty() ? queued.getJsonObject(0) : duplicates.isEmpty() ? null : duplicates.getJsonObject(0);
      return signal == null ? "Nothing queued" : (queued.isEmpty() ? "Already queued: " : "Queued: ") + "CLOSE "
          + agentId + " " + signal.getString("symbol") + " (signal " + signal.getString("id") + ")";
    });
  }

  private Future<String> status() {
    return Future.all(halt.state(), agents.all()).map(both -> {
      Optional<JsonObject> state = both.resultAt(0);
      List<Agent> all = both.resultAt(1);
      return Messages.status(state, all.stream().map(Agent::id).toList());
    });
  }

  private Future<String> positions() {
    return agents.all().compose(all -> accounts.stored(all.stream().map(Agent::id).toList()))
        .map(Messages::positions);
  }

  private Future<String> profit() {
    return agents.all().compose(figures::of).map(each -> Messages.profit("Profit and loss:", each));
  }

}
