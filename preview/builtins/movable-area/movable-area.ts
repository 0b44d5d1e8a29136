// <movable-area>: the box its <movable-view> children move in. The views measure it themselves
// (their host's parent node, since this template is a bare slot); `scale-area` is accepted and,
// as the preview has no pinch, has no effect.
Component({
  properties: {
    scaleArea: { type: Boolean, value: false },
  },
});
