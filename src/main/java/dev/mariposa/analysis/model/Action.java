package dev.mariposa.analysis.model;

/** What a model, and in the end an agent, wants to do. */
public enum Action { BUY, SELL, HOLD }
