package dev.mariposa.bus;

import dev.mariposa.redis.RedisKeys;
import dev.mariposa.redis.RedisSubscriber;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * Where bus messages travel in Redis, in one of two layouts:
 * <ul>
 *   <li>standalone and sentinel: one channel per address, {@code <prefix>bus:<address>}, all
 *       received through one pattern subscription {@code <prefix>bus:*};</li>
 *   <li>cluster: sharded pub/sub (SPUBLISH/SSUBSCRIBE), which has no patterns, so addresses are
 *       hashed onto a fixed set of shard channels {@code <prefix>bus:{n}}, each on the node
 *       owning its slot; the address travels inside the envelope.</li>
 * </ul>
 * A message's group (its shard, or 0) is the unit of ordering: one instance's messages of one
 * group reach every subscriber in the order they were sent.
 *
 * <p>Every instance also listens on a roll-call channel, subscribed after the bus channels, so
 * that "how many instances listen" is what a PUBLISH (SPUBLISH) on it returns.
 */
public final class BusChannels {
  public static final int SHARDS = 16;

  private final RedisKeys keys;
  private final boolean sharded;

  BusChannels(RedisKeys keys, boolean sharded) {
    this.keys = keys;
    this.sharded = sharded;
  }

  int group(String address) {
    return sharded ? shard(address) : 0;
  }

  /** The shard of {@code address} in cluster mode: Java's String.hashCode, floor-mod {@value #SHARDS}. */
  public static int shard(String address) {
    return Math.floorMod(address.hashCode(), SHARDS);
  }

  /**
   * The Redis channel a message on {@code address} travels on between instances: what a process in
   * another language subscribes to (GET /api/events/schemas shows it).
   */
  public static String channel(RedisKeys keys, boolean sharded, String address) {
    return sharded ? shardChannel(keys, shard(address)) : keys.key("bus:", address);
  }

  Request publish(String address, String envelope) {
    return Request.cmd(sharded ? Command.SPUBLISH : Command.PUBLISH).arg(channel(address)).arg(envelope);
  }

  /** How many instances listen: the receivers of an empty message on the roll-call channel. */
  Request rollCall() {
    return Request.cmd(sharded ? Command.SPUBLISH : Command.PUBLISH).arg(rollCallChannel()).arg("");
  }

  /** Subscribes {@code handler} to every bus channel, then the roll-call channel. */
  Future<List<RedisSubscriber.Subscription>> subscribe(RedisSubscriber subscriber, Handler<RedisSubscriber.Message> handler) {
    List<Future<RedisSubscriber.Subscription>> bus = new ArrayList<>();
    if (sharded) {
      for (int shard = 0; shard < SHARDS; shard++) {
        bus.add(subscriber.ssubscribe(shardChannel(shard), handler));
      }
    } else {
      bus.add(subscriber.psubscribe(keys.pattern("bus:*"), handler));
    }
    return Future.all(bus).compose(all -> (sharded
            ? subscriber.ssubscribe(rollCallChannel(), m -> { })
            : subscriber.subscribe(rollCallChannel(), m -> { }))
        .map(rollCall -> {
          List<RedisSubscriber.Subscription> subscriptions = new ArrayList<>(all.list());
          subscriptions.add(rollCall);
          return subscriptions;
        }));
  }

  private String channel(String address) {
    return channel(keys, sharded, address);
  }

  private String shardChannel(int shard) {
    return shardChannel(keys, shard);
  }

  private static String shardChannel(RedisKeys keys, int shard) {
    return keys.key("bus:", RedisKeys.tag(Integer.toString(shard)));
  }

  private String rollCallChannel() {
    return keys.key("rollcall");
  }
}
