package dev.mariposa.trade.exchange;

public enum Side { BUY, SELL }
