package dev.mariposa.exchange;

public enum Side { BUY, SELL }
