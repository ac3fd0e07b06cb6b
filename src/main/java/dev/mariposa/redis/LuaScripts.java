package dev.mariposa.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The scripts of this process, loaded once from the class path and shared by every verticle. */
public final class LuaScripts {
  private final Map<String, LuaScript> scripts = new ConcurrentHashMap<>();

  public LuaScript get(String name) {
    return scripts.computeIfAbsent(name, LuaScript::load);
  }
}
