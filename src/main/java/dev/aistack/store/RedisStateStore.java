package dev.aistack.store;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Shared state in Redis, for several replicas. Every compound operation is one Lua script, so it is atomic inside
 * Redis; Java never reads, modifies and writes back. A down or frozen Redis must not slow requests: every wait
 * (a pooled connection, connecting, an answer) is bounded by one short timeout (AISTACK_REDIS_TIMEOUT), a timeout
 * is not retried, and after a failure calls fail at once for a second before Redis is tried again (so writes
 * resume by themselves).
 */
public final class RedisStateStore implements StateStore {
    private static final String INCREMENT_WITHIN = """
            local count = tonumber(redis.call('GET', KEYS[1]) or '0')
            if count >= tonumber(ARGV[1]) then return -1 end
            count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return count""";
    private static final String ADD = """
            local value = redis.call('INCRBY', KEYS[1], ARGV[1])
            if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return value""";
    private static final String INDEX_ADD = """
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
            redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
            return 1""";
    private static final String PUT_IF_ABSENT_OR_SAME = """
            local held = redis.call('GET', KEYS[1])
            if held and held ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1""";
    private static final String DELETE_IF_SAME = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";
    private static final long COOL_DOWN_MILLIS = 1000;
    // Enough for the task writer, the lock checks of concurrent requests and the status readers; a caller that
    // finds them all busy waits at most the timeout, like any other Redis call.
    private static final int CONNECTIONS = 32;

    private final UnifiedJedis redis;
    private final String prefix;
    private final String where;
    private final Clock clock;
    private volatile long downUntilMillis;

    /** timeout: the longest wait for a connection from the pool, for connecting, and for each answer. */
    public RedisStateStore(String url, String prefix, Duration timeout, Clock clock) {
        URI uri = URI.create(url);
        this.prefix = prefix;
        this.clock = clock;
        this.where = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort(); // never the password
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(Math.toIntExact(timeout.toMillis()))
                .socketTimeoutMillis(Math.toIntExact(timeout.toMillis()))
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri));
        if (JedisURIHelper.hasDbIndex(uri)) {
            config.database(JedisURIHelper.getDBIndex(uri));
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(CONNECTIONS);
        pool.setMaxIdle(CONNECTIONS);
        pool.setMaxWait(timeout); // the default waits for a free connection forever: a frozen Redis held them all
        // Idle connections are checked every second, so connections that died with a Redis restart go away soon.
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(1));
        pool.setNumTestsPerEvictionRun(-1);
        // The default 8 connections run out under a burst of virtual threads, and commons-pool's wait for one then
        // spins on the carrier threads; enough connections for a burst, and a bounded wait that fails like Redis down.
        pool.setMaxTotal(128);
        pool.setMaxIdle(128);
        pool.setMaxWait(Duration.ofSeconds(1));
        this.redis = RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(config.build()).poolConfig(pool).build();
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        call(() -> redis.set(prefix + key, value, SetParams.setParams().px(ttl.toMillis())));
    }

    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        return "OK".equals(call(() -> redis.set(prefix + key, value, SetParams.setParams().nx().px(ttl.toMillis()))));
    }

    @Override
    public boolean putIfAbsentOrSame(String key, String value, Duration ttl) {
        return Long.valueOf(1).equals(call(() -> redis.eval(PUT_IF_ABSENT_OR_SAME, List.of(prefix + key),
                List.of(value, Long.toString(ttl.toMillis())))));
    }

    @Override
    public void deleteIfSame(String key, String value) {
        call(() -> redis.eval(DELETE_IF_SAME, List.of(prefix + key), List.of(value)));
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(call(() -> redis.get(prefix + key)));
    }

    @Override
    public void delete(String key) {
        call(() -> redis.del(prefix + key));
    }

    @Override
    public long incrementWithin(String key, Duration window, long limit) {
        long now = clock.millis();
        long windowStart = now - Math.floorMod(now, window.toMillis());
        String k = prefix + key + ":" + windowStart;
        return (Long) call(() -> redis.eval(INCREMENT_WITHIN, List.of(k),
                List.of(Long.toString(limit), Long.toString(window.toMillis()))));
    }

    @Override
    public long add(String key, long delta, Duration ttl) {
        return (Long) call(() -> redis.eval(ADD, List.of(prefix + key),
                List.of(Long.toString(delta), Long.toString(ttl.toMillis()))));
    }

    @Override
    public void indexAdd(String index, String member, long score, int maxSize) {
        call(() -> redis.eval(INDEX_ADD, List.of(prefix + index),
                List.of(Long.toString(score), member, Integer.toString(maxSize))));
    }

    @Override
    public List<String> indexNewest(String index, int limit) {
        return call(() -> redis.zrevrange(prefix + index, 0, limit - 1L));
    }

    @Override
    public void indexRemove(String index, String member) {
        call(() -> redis.zrem(prefix + index, member));
    }

    @Override
    public void ping() {
        call(redis::ping);
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public void close() {
        redis.close();
    }

    private <T> T call(Supplier<T> command) {
        if (clock.millis() < downUntilMillis) {
            throw StateStoreException.stillDown("Redis at " + where + " failed less than a second ago; not retried yet");
        }
        try {
            return command.get();
        } catch (JedisConnectionException stale) {
            // After a Redis restart the pool still holds dead connections: one more try gets a fresh one. Not after
            // a timeout: Redis is there but does not answer (frozen, overloaded), and a second wait would double it.
            if (timedOut(stale)) {
                throw down(stale);
            }
            try {
                return command.get();
            } catch (JedisException e) {
                throw down(e);
            }
        } catch (JedisException e) {
            throw down(e);
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private StateStoreException down(JedisException e) {
        downUntilMillis = clock.millis() + COOL_DOWN_MILLIS;
        return new StateStoreException("Redis at " + where + " failed: " + e.getMessage(), e);
    }
}
